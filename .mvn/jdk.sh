# Sourced by mvnw and ./parley. Points JAVA_HOME at a JDK 25 or newer so that the README's
# commands work as typed on a machine whose default java is older.
# Order: PARLEY_JAVA_HOME, JAVA_HOME, then the usual install folders.

parley_jdk_major() {
  # The release file of a JDK holds JAVA_VERSION="25.0.1"; reading it is faster than starting a JVM.
  [ -r "$1/release" ] && [ -x "$1/bin/javac" ] || return 1
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release"
}

parley_find_jdk() {
  # mvnw runs under `set -f`; the install folders are globs.
  set +f
  for candidate in "${PARLEY_JAVA_HOME-}" "${JAVA_HOME-}" \
      /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* \
      /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -n "$candidate" ] && [ -d "$candidate" ] || continue
    major=$(parley_jdk_major "$candidate") || continue
    if [ -n "$major" ] && [ "$major" -ge 25 ]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

if PARLEY_JDK=$(parley_find_jdk); then
  JAVA_HOME=$PARLEY_JDK
  export JAVA_HOME
else
  echo "Parley needs a JDK 25 or newer: none found in PARLEY_JAVA_HOME, JAVA_HOME or /usr/lib/jvm." >&2
  exit 1
fi
