package dev.descent.plot;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOInvalidTreeException;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Animated GIFs with ImageIO: every frame with its delay, looping forever (the NETSCAPE2.0 extension). */
public final class Gif {

    private Gif() {
    }

    /**
     * Writes the frames as a looping animated GIF, atomically.
     *
     * @param delayMs   the delay between frames
     * @param lastHoldMs how long the last frame stays before the loop restarts
     */
    public static void write(List<BufferedImage> frames, int delayMs, int lastHoldMs, Path file) throws IOException {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("an animation needs at least one frame");
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        Png.writeAtomically(file, out -> {
            try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.prepareWriteSequence(null);
                for (int i = 0; i < frames.size(); i++) {
                    BufferedImage frame = frames.get(i);
                    ImageWriteParam param = writer.getDefaultWriteParam();
                    IIOMetadata metadata = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(frame), param);
                    configure(metadata, i == frames.size() - 1 ? lastHoldMs : delayMs, i == 0);
                    writer.writeToSequence(new IIOImage(frame, null, metadata), param);
                }
                writer.endWriteSequence();
            } finally {
                writer.dispose();
            }
        });
    }

    private static void configure(IIOMetadata metadata, int delayMs, boolean first) throws IIOInvalidTreeException {
        String format = metadata.getNativeMetadataFormatName();
        IIOMetadataNode root = (IIOMetadataNode) metadata.getAsTree(format);
        IIOMetadataNode control = child(root, "GraphicControlExtension");
        control.setAttribute("disposalMethod", "none");
        control.setAttribute("userInputFlag", "FALSE");
        control.setAttribute("transparentColorFlag", "FALSE");
        control.setAttribute("delayTime", Integer.toString(Math.max(1, delayMs / 10)));
        control.setAttribute("transparentColorIndex", "0");
        if (first) {
            IIOMetadataNode apps = child(root, "ApplicationExtensions");
            IIOMetadataNode app = new IIOMetadataNode("ApplicationExtension");
            app.setAttribute("applicationID", "NETSCAPE");
            app.setAttribute("authenticationCode", "2.0");
            app.setUserObject(new byte[] {1, 0, 0}); // sub-block 1: loop count 0 = forever
            apps.appendChild(app);
        }
        metadata.setFromTree(format, root);
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        IIOMetadataNode node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }

    /** The number of frames in a GIF file. */
    public static int frameCount(Path file) throws IOException {
        try (ImageInputStreamHolder h = new ImageInputStreamHolder(file)) {
            return h.reader.getNumImages(true);
        }
    }

    private static final class ImageInputStreamHolder implements AutoCloseable {
        final javax.imageio.stream.ImageInputStream in;
        final javax.imageio.ImageReader reader;

        ImageInputStreamHolder(Path file) throws IOException {
            in = ImageIO.createImageInputStream(file.toFile());
            reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
        }

        @Override
        public void close() throws IOException {
            reader.dispose();
            in.close();
        }
    }
}
