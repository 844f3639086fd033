package cn.dengbao.sentinel.collector.store;

/** A store operation failed. Messages name the operation, never credentials or row contents. */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
