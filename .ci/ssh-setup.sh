#!/bin/sh
# Prepares this machine for the SSH scanning tests (run as root; idempotent, safe to re-run).
# - installs openssh-server and sudo when missing (the tests start their own sshd on a loopback port;
#   the system sshd service is not started or changed);
# - creates two non-root test users:
#     sentinel-test    password + key auth, may run `sudo -n` ONLY for /usr/bin/cat and the fixed commands;
#     sentinel-nosudo  no sudo rights at all (to test that a refused sudo is reported and never hangs);
# - sets their passwords (throwaway, for password-auth tests against the loopback-only test sshd).
set -eu

TEST_USER=sentinel-test
NOSUDO_USER=sentinel-nosudo
TEST_PASSWORD="${SENTINEL_TEST_PASSWORD:-Sentinel-Test-Pw-1}"

if [ "$(id -u)" -ne 0 ]; then
    echo "ssh-setup.sh must run as root" >&2
    exit 1
fi

if [ ! -x /usr/sbin/sshd ] || ! command -v sudo >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q
    apt-get install -y -q openssh-server sudo
fi

# sshd refuses to start without its privilege-separation directory.
mkdir -p /run/sshd
chmod 0755 /run/sshd

for u in "$TEST_USER" "$NOSUDO_USER"; do
    if ! id "$u" >/dev/null 2>&1; then
        useradd --create-home --shell /bin/sh "$u"
    fi
    # A locked account ("!" in shadow) is refused by sshd even for key auth when UsePAM is off.
    echo "$u:$TEST_PASSWORD" | chpasswd
done

# sudo only for reading files (cat) and the read-only fixed commands, never a shell or anything else.
DROPIN=/etc/sudoers.d/sentinel-test
TMP=$(mktemp)
cat > "$TMP" <<SUDOERS
# Managed by .ci/ssh-setup.sh (Dengbao Sentinel tests). Read-only commands only.
Defaults:$TEST_USER !requiretty
Cmnd_Alias SENTINEL_READ = /usr/bin/cat, /bin/cat, /usr/bin/ls, /bin/ls
Cmnd_Alias SENTINEL_FIXED = /usr/bin/uname -r, /bin/uname -r, /usr/bin/hostname, /bin/hostname, \\
    /usr/sbin/sshd -T, /usr/bin/systemctl list-unit-files --type=service --no-legend --no-pager, \\
    /usr/bin/systemctl list-units --type=service --state=active --no-legend --no-pager --plain, \\
    /usr/bin/ss -H -tulnp, /usr/sbin/ss -H -tulnp, /usr/sbin/auditctl -s, /usr/sbin/auditctl -l, \\
    /usr/sbin/sestatus, /usr/sbin/getenforce, /usr/sbin/aa-status, /usr/bin/mokutil --sb-state, \\
    /usr/bin/lastlog, /usr/sbin/lastlog
$TEST_USER ALL=(root) NOPASSWD: SENTINEL_READ, SENTINEL_FIXED
SUDOERS
visudo -c -q -f "$TMP"
install -m 0440 -o root -g root "$TMP" "$DROPIN"
rm -f "$TMP"

echo "ssh-setup: users $TEST_USER, $NOSUDO_USER ready; sudoers drop-in $DROPIN"
