package org.idvbatch.settings;

import java.time.Duration;

/**
 * A setting whose value idv-batch refuses, found when the settings are read, before any work. The message names
 * the setting, its value and what is allowed, in one line that starts {@code config: }; the command line prints
 * it alone (exit 1, as every configuration that stops a command from starting).
 */
public class InvalidSettingException extends IllegalStateException {

    public InvalidSettingException(String setting, Object value, String allowed) {
        super("config: " + setting + " is " + shown(value) + "; it must be " + allowed);
    }

    private static String shown(Object value) {
        if (value instanceof Duration d) {
            return d.isZero() ? "0" : d.toString().substring(2).toLowerCase(java.util.Locale.ROOT);
        }
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }

    /** {@code value}, when it is at least {@code min}. */
    public static int atLeast(String setting, int value, int min) {
        if (value < min) {
            throw new InvalidSettingException(setting, value, "at least " + min);
        }
        return value;
    }

    /** {@code value}, when it is longer than zero (or not set). */
    public static Duration positive(String setting, Duration value) {
        if (value != null && (value.isNegative() || value.isZero())) {
            throw new InvalidSettingException(setting, value, "a positive duration such as 30s, 10m or 2h");
        }
        return value;
    }

    /** {@code value}, when it is zero or longer (or not set). */
    public static Duration notNegative(String setting, Duration value) {
        if (value != null && value.isNegative()) {
            throw new InvalidSettingException(setting, value, "zero or a positive duration such as 30s or 10m");
        }
        return value;
    }
}
