#!/bin/sh
# Installs niknotes-setup for the current user (Linux, macOS): checks Java >= 17, builds the jar with the Maven
# wrapper (or takes a niknotes-setup.jar lying beside this script), installs it under a prefix with a launcher
# on the PATH, and makes a class-data-sharing archive for a faster start. Re-running upgrades in place.
#
#   ./install.sh [--prefix DIR] [--with-services] [--no-cds] [--uninstall] [--help]
set -eu

PREFIX="${NIKNOTES_PREFIX:-$HOME/.local}"
WITH_SERVICES=0
UNINSTALL=0
CDS=1
HERE=$(cd "$(dirname "$0")" && pwd)

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $1"; [ -n "${2:-}" ] && say "  fix: $2"; exit "${3:-1}"; }

usage() {
    cat <<'USAGE'
Usage: ./install.sh [--prefix DIR] [--with-services] [--no-cds] [--uninstall]

  --prefix DIR      install under DIR (default: $HOME/.local; jar in DIR/lib/niknotes-setup, launcher in DIR/bin)
  --with-services   also install and start PostgreSQL and Redis with apt, dnf or brew when they are missing,
                    and give the local postgres superuser a generated password stored in ~/.pgpass
  --no-cds          skip the class-data-sharing archive (slower start)
  --uninstall       remove what a previous run installed under the prefix
USAGE
}

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) [ $# -ge 2 ] || die "--prefix needs a directory" "./install.sh --prefix \$HOME/.local" 2; PREFIX="$2"; shift 2 ;;
        --prefix=*) PREFIX="${1#--prefix=}"; shift ;;
        --with-services) WITH_SERVICES=1; shift ;;
        --no-cds) CDS=0; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) usage; exit 0 ;;
        *) usage >&2; die "unknown option: $1" "see ./install.sh --help" 2 ;;
    esac
done

LIBDIR="$PREFIX/lib/niknotes-setup"
BINDIR="$PREFIX/bin"
COMPLETIONS="$PREFIX/share/bash-completion/completions"

if [ "$UNINSTALL" = 1 ]; then
    rm -rf "$LIBDIR"
    rm -f "$BINDIR/niknotes-setup" "$COMPLETIONS/niknotes-setup"
    say "removed niknotes-setup from $PREFIX (your .env files, ~/.pgpass and databases are untouched)"
    exit 0
fi

# --- Java >= 17 -----------------------------------------------------------------------------------------------
java_hint() {
    case "$(uname -s)" in
        Darwin) echo "brew install openjdk@17 (or download Temurin 17+ from https://adoptium.net)" ;;
        *)
            if command -v apt-get >/dev/null 2>&1; then echo "sudo apt-get install -y openjdk-17-jdk-headless"
            elif command -v dnf >/dev/null 2>&1; then echo "sudo dnf install -y java-17-openjdk-devel"
            else echo "install a JDK 17 or newer from https://adoptium.net and put its bin/ on the PATH"; fi ;;
    esac
}
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null 2>&1 || die "Java is not installed (niknotes-setup needs Java 17 or newer)" "$(java_hint)"
JAVA_VERSION=$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
JAVA_MAJOR=${JAVA_VERSION%%.*}
[ "${JAVA_MAJOR:-0}" -ge 17 ] 2>/dev/null || die "Java $JAVA_VERSION is too old: niknotes-setup needs Java 17 or newer" "$(java_hint)"

# --- the jar --------------------------------------------------------------------------------------------------
if [ -f "$HERE/niknotes-setup.jar" ]; then
    JAR="$HERE/niknotes-setup.jar"
    say "using the prebuilt $JAR"
else
    [ -x "$HERE/mvnw" ] || die "no niknotes-setup.jar beside this script and no Maven wrapper to build one" "run install.sh from a clone of the repository"
    say "building the jar (./mvnw package; the first build downloads Maven and the dependencies)…"
    (cd "$HERE" && ./mvnw -q -B -DskipTests package) || die "the build failed" "run ./mvnw -B package in $HERE to see why"
    JAR="$HERE/target/niknotes-setup.jar"
fi

mkdir -p "$LIBDIR" "$BINDIR"
cp "$JAR" "$LIBDIR/niknotes-setup.jar.new" && mv -f "$LIBDIR/niknotes-setup.jar.new" "$LIBDIR/niknotes-setup.jar"
rm -f "$LIBDIR/niknotes-setup.jsa"

# --- launcher ---------------------------------------------------------------------------------------------------
cat > "$BINDIR/niknotes-setup.new" <<LAUNCHER
#!/bin/sh
# niknotes-setup launcher (written by install.sh). NIKNOTES_JAVA_OPTS adds JVM options.
LIB="$LIBDIR"
JAVA="$JAVA"
CDS=""
[ -f "\$LIB/niknotes-setup.jsa" ] && CDS="-XX:SharedArchiveFile=\$LIB/niknotes-setup.jsa -Xlog:cds=off -Xlog:cds+dynamic=off"
# C1 only and the serial collector: a short-lived CLI starts faster with them; 256 MB of heap is all a streaming copy needs
exec "\$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m \$CDS \${NIKNOTES_JAVA_OPTS:-} -jar "\$LIB/niknotes-setup.jar" "\$@"
LAUNCHER
chmod 755 "$BINDIR/niknotes-setup.new" && mv -f "$BINDIR/niknotes-setup.new" "$BINDIR/niknotes-setup"

# --- class-data sharing: an archive of the classes a run loads, made with this very JVM ----------------------
# CdsTraining loads the classes of our code, the database and Redis clients, Flyway and the SQLite driver, then runs a
# check of servers that are not there: the archive then also holds what a real connection loads
if [ "$CDS" = 1 ]; then
    if "$JAVA" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx256m -XX:ArchiveClassesAtExit="$LIBDIR/niknotes-setup.jsa" -Xlog:cds=off \
        -cp "$LIBDIR/niknotes-setup.jar" io.niknotes.setup.cli.CdsTraining check --connect-timeout 1 \
        --database-url postgresql://cds@127.0.0.1:1/cds --redis-url redis://127.0.0.1:1/0 >/dev/null 2>&1 \
        || [ -f "$LIBDIR/niknotes-setup.jsa" ]; then
        say "made a class-data-sharing archive (faster start)"
    fi
fi

# --- completion ---------------------------------------------------------------------------------------------------
mkdir -p "$COMPLETIONS"
"$BINDIR/niknotes-setup" generate-completion > "$COMPLETIONS/niknotes-setup" 2>/dev/null || rm -f "$COMPLETIONS/niknotes-setup"

say "installed $("$BINDIR/niknotes-setup" --version | head -n 1) in $BINDIR/niknotes-setup"
case ":$PATH:" in
    *":$BINDIR:"*) ;;
    *) say "note: $BINDIR is not on your PATH; add it:  export PATH=\"$BINDIR:\$PATH\"  (e.g. in ~/.profile)" ;;
esac

# --- services --------------------------------------------------------------------------------------------------
[ "$WITH_SERVICES" = 1 ] || exit 0

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
have() { command -v "$1" >/dev/null 2>&1; }
start_service() { # name
    if have systemctl && [ -d /run/systemd/system ]; then $SUDO systemctl enable --now "$1" >/dev/null 2>&1 || $SUDO systemctl start "$1"
    elif have service; then $SUDO service "$1" start
    else say "start $1 by hand (no systemd or service command found)"; fi
}
installed_pg=0
if have pg_isready && pg_isready -q -h localhost 2>/dev/null; then
    say "PostgreSQL already answers on localhost:5432"
elif have apt-get; then
    say "installing PostgreSQL and Redis with apt-get…"
    $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql redis-server >/dev/null
    start_service postgresql; start_service redis-server; installed_pg=1
elif have dnf; then
    say "installing PostgreSQL and Redis with dnf…"
    $SUDO dnf install -y -q postgresql-server redis
    $SUDO postgresql-setup --initdb 2>/dev/null || true
    start_service postgresql; start_service redis; installed_pg=1
elif have brew; then
    say "installing PostgreSQL 16 and Redis with Homebrew…"
    brew install postgresql@16 redis && brew services start postgresql@16 && brew services start redis
    say "Homebrew's PostgreSQL trusts local connections as $(id -un): set NIKNOTES_ADMIN_URL=postgresql://$(id -un)@localhost:5432/postgres"
else
    say "no apt-get, dnf or brew here: install PostgreSQL 16 and Redis 7 yourself (https://www.postgresql.org/download/,"
    say "https://redis.io/docs/install/), then set NIKNOTES_ADMIN_URL to an administrator and run niknotes-setup init"
    exit 0
fi

# Debian and Fedora packages let only the postgres OS user in (peer authentication); give the postgres role a
# generated password, kept in ~/.pgpass (0600), so that niknotes-setup can connect over TCP as the administrator.
if [ "$installed_pg" = 1 ] && ! grep -q '^localhost:5432:\*:postgres:' "$HOME/.pgpass" 2>/dev/null; then
    PW=$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 32)
    if printf "ALTER ROLE postgres PASSWORD '%s';\n" "$PW" | $SUDO -u postgres psql -q -X -d postgres >/dev/null 2>&1 \
        || printf "ALTER ROLE postgres PASSWORD '%s';\n" "$PW" | su postgres -c "psql -q -X -d postgres" >/dev/null 2>&1; then
        umask 077
        printf 'localhost:5432:*:postgres:%s\n' "$PW" >> "$HOME/.pgpass"
        chmod 600 "$HOME/.pgpass"
        say "gave the postgres superuser a generated password, stored in ~/.pgpass"
    else
        say "could not set a password for the postgres superuser: set one (sudo -u postgres psql -c '\\password postgres') and put it in ~/.pgpass"
    fi
fi
say "next: $BINDIR/niknotes-setup init"
