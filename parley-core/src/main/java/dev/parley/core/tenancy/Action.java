package dev.parley.core.tenancy;

/**
 * What a principal asks to do to a {@link Target}. {@code READ} and {@code WRITE} (create, change, delete) apply to
 * most targets; the others are the acts that a plain write would describe too loosely.
 */
public enum Action {
    READ,
    WRITE,
    /** Make a new key in a project, for a member or as a service key. */
    CREATE_KEY,
    /** Stop a key at once. */
    REVOKE_KEY,
    /** Replace a key by a new one, the old one working on for an overlap. */
    ROTATE_KEY,
    /** Give a member another organization role; decided on the role taken away and on the role given. */
    CHANGE_ROLE
}
