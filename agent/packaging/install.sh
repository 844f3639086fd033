#!/bin/sh
# Installs the Dengbao Sentinel agent on Debian/Ubuntu/UOS and RHEL/CentOS/Kylin/openEuler/Anolis hosts.
#
#   sudo ./install.sh [--jar sentinel-agent.jar] [--install-java] \
#        [--collector HOST:PORT --ca-fingerprint SHA256:... --token-file FILE]
#
# Creates the system user sentinel-agent, /opt/sentinel-agent (jar), /etc/sentinel-agent (config, 0750),
# /var/lib/sentinel-agent (credentials and spool, 0700, owned by the agent user), installs the systemd unit,
# and — when collector, fingerprint and token are given — enrols the agent and starts it.
set -eu

USER_NAME=sentinel-agent
OPT_DIR=/opt/sentinel-agent
ETC_DIR=/etc/sentinel-agent
STATE_DIR=/var/lib/sentinel-agent
UNIT_DIR=/etc/systemd/system
HERE=$(cd "$(dirname "$0")" && pwd)

JAR="$HERE/sentinel-agent.jar"
[ -f "$JAR" ] || JAR="$HERE/../target/sentinel-agent.jar"
INSTALL_JAVA=no
COLLECTOR=""
FINGERPRINT=""
TOKEN_FILE=""

die() { echo "install.sh: $*" >&2; exit 2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --jar) JAR="$2"; shift 2 ;;
        --install-java) INSTALL_JAVA=yes; shift ;;
        --collector) COLLECTOR="$2"; shift 2 ;;
        --ca-fingerprint) FINGERPRINT="$2"; shift 2 ;;
        --token-file) TOKEN_FILE="$2"; shift 2 ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) die "unknown option: $1" ;;
    esac
done

[ "$(id -u)" = 0 ] || die "must run as root"
[ -f "$JAR" ] || die "agent jar not found (use --jar FILE)"

# --- OS family -------------------------------------------------------------------------------------------------
ID=""; ID_LIKE=""
[ -r /etc/os-release ] && . /etc/os-release
case " $ID $ID_LIKE " in
    *" debian "*|*" ubuntu "*|*" uos "*|*" deepin "*) FAMILY=debian ;;
    *" rhel "*|*" centos "*|*" fedora "*|*" kylin "*|*" openEuler "*|*" openeuler "*|*" anolis "*|*" rocky "*|*" almalinux "*) FAMILY=rhel ;;
    *) FAMILY=unknown ;;
esac
echo "OS family: $FAMILY (${PRETTY_NAME:-$ID})"

# --- Java 17 ---------------------------------------------------------------------------------------------------
if ! command -v java >/dev/null 2>&1; then
    [ "$INSTALL_JAVA" = yes ] || die "java (17+) not found; install it or re-run with --install-java"
    case "$FAMILY" in
        debian) apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q openjdk-17-jre-headless ;;
        rhel) if command -v dnf >/dev/null 2>&1; then dnf install -y java-17-openjdk-headless; \
              else yum install -y java-17-openjdk-headless; fi ;;
        *) die "cannot install java on this OS; install Java 17 first" ;;
    esac
fi
JAVA_BIN=$(command -v java)
[ "$JAVA_BIN" = /usr/bin/java ] || sed_java="s#/usr/bin/java#$JAVA_BIN#"

# --- user ------------------------------------------------------------------------------------------------------
NOLOGIN=$(command -v nologin || echo /sbin/nologin)
if ! id "$USER_NAME" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$STATE_DIR" --no-create-home --shell "$NOLOGIN" \
        --comment "Dengbao Sentinel agent" "$USER_NAME"
fi

# --- files -----------------------------------------------------------------------------------------------------
umask 077
install -d -m 0755 -o root -g root "$OPT_DIR"
install -m 0644 -o root -g root "$JAR" "$OPT_DIR/sentinel-agent.jar"
install -d -m 0750 -o root -g "$USER_NAME" "$ETC_DIR"
install -d -m 0700 -o "$USER_NAME" -g "$USER_NAME" "$STATE_DIR"
install -d -m 0700 -o "$USER_NAME" -g "$USER_NAME" "$STATE_DIR/spool"
if [ ! -f "$ETC_DIR/agent.yaml" ]; then
    install -m 0640 -o root -g "$USER_NAME" "$HERE/agent.yaml.example" "$ETC_DIR/agent.yaml"
fi
if [ -n "$COLLECTOR" ]; then
    sed -i "s#^collector:.*#collector: $COLLECTOR#" "$ETC_DIR/agent.yaml"
fi
# credentials written by an earlier enrolment stay owner-only
find "$STATE_DIR" -type f -exec chmod 0600 {} + -exec chown "$USER_NAME:$USER_NAME" {} +

install -m 0644 -o root -g root "$HERE/sentinel-agent.service" "$UNIT_DIR/sentinel-agent.service"
if [ -n "${sed_java:-}" ]; then
    sed -i "$sed_java" "$UNIT_DIR/sentinel-agent.service"
fi
systemctl daemon-reload 2>/dev/null || true

# --- enrolment -------------------------------------------------------------------------------------------------
if [ -n "$COLLECTOR" ] && [ -n "$FINGERPRINT" ] && [ -n "$TOKEN_FILE" ]; then
    [ -r "$TOKEN_FILE" ] || die "cannot read token file $TOKEN_FILE"
    # run as the agent user so the key and certificates it writes are owned by it (0600)
    SENTINEL_ENROLL_TOKEN=$(cat "$TOKEN_FILE") runuser -u "$USER_NAME" -m -- \
        "$JAVA_BIN" -Xmx64m -jar "$OPT_DIR/sentinel-agent.jar" enroll \
        --config "$ETC_DIR/agent.yaml" --ca-fingerprint "$FINGERPRINT"
    systemctl enable --now sentinel-agent.service
    echo "sentinel-agent enrolled and started"
else
    echo "installed; enrol with:"
    echo "  SENTINEL_ENROLL_TOKEN=... runuser -u $USER_NAME -m -- java -jar $OPT_DIR/sentinel-agent.jar enroll --config $ETC_DIR/agent.yaml --ca-fingerprint SHA256:..."
    echo "  systemctl enable --now sentinel-agent"
fi
