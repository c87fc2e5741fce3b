package org.saslfail.cli;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import picocli.CommandLine;

/**
 * Path options: an empty or blank value is a usage error (exit 2) instead of silently meaning
 * "the default" (the current directory for a {@link Path}, the production store for {@code --db}).
 * {@link Paths} is registered for every {@code Path} option and parameter of the command tree;
 * {@link Text} is named on the string options that hold a path or a JDBC URL.
 */
public final class NonBlank {
    private NonBlank() {
    }

    static final class Paths implements CommandLine.ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            String v = Text.check(value);
            try {
                return Path.of(v);
            } catch (InvalidPathException e) {
                throw new CommandLine.TypeConversionException("not a usable path: " + e.getReason());
            }
        }
    }

    public static final class Text implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return check(value);
        }

        static String check(String value) {
            if (value == null || value.isBlank()) {
                throw new CommandLine.TypeConversionException("the value is empty (give a path, or leave the option out for the default)");
            }
            return value;
        }
    }
}
