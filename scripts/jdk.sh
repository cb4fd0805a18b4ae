# Sourced by ./descent and ./test.sh: sets JAVA_HOME to a JDK 25 or newer and puts it first on PATH.
# Order: $JAVA_HOME if it is 25+, then /usr/lib/jvm/*25* (Temurin's and Debian's names), then java on PATH.

java_major() {  # prints the feature version of the java binary $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1
}

find_jdk25() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25* /usr/lib/jvm/*-2[6-9]* "$(dirname "$(dirname "$(readlink -f "$(command -v java 2>/dev/null || echo /nonexistent)")")")"; do
    [ -n "$candidate" ] && [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 25 ] 2>/dev/null; then
      export JAVA_HOME="$candidate"
      export PATH="$JAVA_HOME/bin:$PATH"
      return 0
    fi
  done
  echo "descent: error: no JDK 25 found; set JAVA_HOME to a JDK 25 (looked at \$JAVA_HOME, /usr/lib/jvm/*25*, and java on PATH)" >&2
  return 2
}

# Maven 3.8 running on JDK 25 prints sun.misc.Unsafe deprecation notices from its own libraries; they are
# not about this project, so they are filtered from the build output.
mvn_quiet() {
  mvn "$@" 2> >(grep -v --line-buffered -E '^WARNING: (A terminally deprecated method in sun\.misc\.Unsafe|sun\.misc\.Unsafe::|Please consider reporting this to the maintainers of class com\.google|sun\.misc\.Unsafe)' >&2)
}
