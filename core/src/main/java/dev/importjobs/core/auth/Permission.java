package dev.importjobs.core.auth;

/** What a principal may do (docs/server.md#auth); the names are style B's permission strings. */
public enum Permission {
    LIST("base.bulk.management.list"),
    READ("base.bulk.management.read"),
    CREATE("base.bulk.management.create"),
    UPDATE("base.bulk.management.update"),
    DELETE("base.bulk.management.delete");

    private final String wireName;

    Permission(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
