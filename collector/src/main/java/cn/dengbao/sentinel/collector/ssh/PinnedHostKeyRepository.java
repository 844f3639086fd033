package cn.dengbao.sentinel.collector.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.util.ArrayList;
import java.util.List;

/**
 * JSch host key repository holding exactly one target's pin. With {@code StrictHostKeyChecking=yes} JSch
 * refuses any key this repository does not report OK; nothing is ever added to it. It remembers the key the
 * server presented so a refusal can name both fingerprints.
 */
final class PinnedHostKeyRepository implements HostKeyRepository {

    private final HostKeyPin pin;
    private volatile byte[] presented;

    PinnedHostKeyRepository(HostKeyPin pin) {
        this.pin = pin;
    }

    @Override
    public int check(String host, byte[] key) {
        presented = key == null ? null : key.clone();
        if (key == null) {
            return NOT_INCLUDED;
        }
        return pin.matches(key) ? OK : CHANGED;
    }

    /** The key blob the server presented in the last check, or null if it never got that far. */
    byte[] presented() {
        return presented;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Never learn keys: a pin changes only through `targets add`.
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "dengbao-sentinel-pinned";
    }

    @Override
    public HostKey[] getHostKey() {
        return pinnedKeys(null);
    }

    /** Lets JSch prefer the pinned key types when a server offers several host keys. */
    @Override
    public HostKey[] getHostKey(String host, String type) {
        return pinnedKeys(host);
    }

    private HostKey[] pinnedKeys(String host) {
        List<HostKey> out = new ArrayList<>();
        for (HostKeyPin.PinnedKey k : pin.keys()) {
            try {
                out.add(new HostKey(host == null ? "pinned" : host, HostKey.GUESS, k.blob()));
            } catch (JSchException e) {
                // a key type JSch does not know cannot be negotiated anyway
            }
        }
        return out.toArray(new HostKey[0]);
    }
}
