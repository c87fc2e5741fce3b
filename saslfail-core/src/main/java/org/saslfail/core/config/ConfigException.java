package org.saslfail.core.config;

/** A configuration problem, naming the file, line and key where it applies. */
public class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public static ConfigException at(String source, int line, String key, String problem) {
        StringBuilder sb = new StringBuilder(source);
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (key != null) {
            sb.append(", key '").append(key).append('\'');
        }
        return new ConfigException(sb.append(": ").append(problem).toString());
    }
}
