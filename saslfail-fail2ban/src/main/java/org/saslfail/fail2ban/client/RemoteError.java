package org.saslfail.fail2ban.client;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Collectors;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Unpickler;

/**
 * A Python exception that fail2ban pickled into an error reply, as plain data: its class name
 * and its arguments. Unpickling never instantiates anything else for these names.
 */
final class RemoteError {
    private static final List<String> FAIL2BAN = List.of("UnknownJailException", "DuplicateJailException");
    private static final List<String> BUILTINS = List.of("Exception", "ValueError", "KeyError", "TypeError",
            "IndexError", "RuntimeError", "AttributeError", "NameError", "OSError", "IOError", "FileNotFoundError",
            "PermissionError", "NotImplementedError", "AssertionError", "LookupError");

    private final String type;
    private final List<Object> args;

    private RemoteError(String type, Object[] args) {
        this.type = type;
        this.args = Arrays.asList(args.clone());
    }

    /** Registers the exception classes fail2ban replies with; idempotent. */
    static void register() {
        for (String name : FAIL2BAN) {
            Unpickler.registerConstructor("fail2ban.exceptions", name, constructor("fail2ban.exceptions." + name));
        }
        // fail2ban's IPAddr pickles itself as str(text): keep the text
        Unpickler.registerConstructor("builtins", "str", args -> args.length == 1 ? String.valueOf(args[0]) : "");
        for (String name : BUILTINS) {
            Unpickler.registerConstructor("builtins", name, constructor(name));
        }
    }

    private static IObjectConstructor constructor(String type) {
        return args -> new RemoteError(type, args);
    }

    /** Exceptions with instance attributes are pickled with a state dict; it carries nothing we need. */
    public void __setstate__(HashMap<String, Object> state) {
        // ignored on purpose
    }

    String type() {
        return type;
    }

    boolean isUnknownJail() {
        return type.endsWith("UnknownJailException");
    }

    /** What Python's {@code str(e)} would print, kept to one line. */
    String message() {
        if (args.isEmpty()) {
            return "";
        }
        if (args.size() == 1) {
            Object a = args.get(0);
            // str(KeyError('x')) is "'x'", as fail2ban's own client shows it
            return type.endsWith("KeyError") || isUnknownJail() ? "'" + a + "'" : String.valueOf(a);
        }
        return args.stream().map(String::valueOf).collect(Collectors.joining(", ", "(", ")"));
    }

    @Override
    public String toString() {
        return type + ": " + message();
    }
}
