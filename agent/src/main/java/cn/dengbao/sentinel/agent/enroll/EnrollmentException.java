package cn.dengbao.sentinel.agent.enroll;

/** Enrolment failed; the message is safe to show (it never contains the token). */
public final class EnrollmentException extends Exception {
    public EnrollmentException(String message) {
        super(message);
    }

    public EnrollmentException(String message, Throwable cause) {
        super(message, cause);
    }
}
