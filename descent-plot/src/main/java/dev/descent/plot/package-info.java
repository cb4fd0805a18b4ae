/** Pictures of descent: cost curves, contour plots with descent paths, optimizer races and HTML reports. */
package dev.descent.plot;
