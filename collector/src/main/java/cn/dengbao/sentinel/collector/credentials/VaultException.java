package cn.dengbao.sentinel.collector.credentials;

/** The vault could not open or seal a credential. Messages never contain secret material. */
public final class VaultException extends Exception {
    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
