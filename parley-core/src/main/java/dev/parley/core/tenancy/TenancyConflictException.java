package dev.parley.core.tenancy;

/**
 * A change the tenancy data cannot take: a duplicate name or email, a reference to something that does not exist, or
 * a delete that would leave something orphaned. The message names the conflict; it never holds a secret.
 */
public final class TenancyConflictException extends RuntimeException {
    public TenancyConflictException(String message) {
        super(message);
    }
}
