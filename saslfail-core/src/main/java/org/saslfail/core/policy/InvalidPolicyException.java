package org.saslfail.core.policy;

/** An escalation policy value that cannot work, naming the configuration key it came from. */
public class InvalidPolicyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final String key;

    public InvalidPolicyException(String key, String message) {
        super(message);
        this.key = key;
    }

    /** The saslfail.conf key whose value is wrong. */
    public String key() {
        return key;
    }
}
