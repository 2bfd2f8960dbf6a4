package dev.parley.server;

import dev.parley.core.tenancy.Action;
import dev.parley.core.tenancy.AuditChain;
import dev.parley.core.tenancy.AuditEntry;
import dev.parley.core.tenancy.AuditLog;
import dev.parley.core.tenancy.PageRequest;
import dev.parley.core.tenancy.TenancyPorts;
import dev.parley.core.tenancy.Target;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code /admin/audit}: the audit log, read a page at a time, exported whole as JSON lines, and verified. */
final class AdminAudit {

    private static final Target.Org AUDIT = new Target.Org(Target.OrgResource.AUDIT);
    /** Entries read from the store at a time by the export and the verification. */
    private static final int CHUNK = 500;

    private AdminAudit() {
    }

    /** {@code ?after=<seq>&limit=}: entries in order; {@code next} is the last one's number when more may follow. */
    static AdminReply list(AdminCall call) {
        AuditLog log = log(call);
        long after = call.query("after").map(v -> {
            try {
                long seq = Long.parseLong(v);
                if (seq >= 0) {
                    return seq;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw AdminProblem.badRequest("after", "must be an entry number (0 or more)");
        }).orElse(0L);
        PageRequest page = call.page();
        List<AuditEntry> entries = log.entries(after, page.limit());
        ObjectNode out = AdminJson.object();
        ArrayNode items = out.putArray("items");
        entries.forEach(e -> items.add(AdminJson.auditEntry(e)));
        if (entries.size() == page.limit()) {
            out.put("next", Long.toString(entries.getLast().seq()));
        } else {
            out.putNull("next");
        }
        return AdminReply.ok(out);
    }

    /** Every entry, one JSON object per line, read and written a chunk at a time. */
    static AdminReply export(AdminCall call) {
        AuditLog log = log(call);
        long[] after = {0};
        return new AdminReply.Lines(() -> {
            List<AuditEntry> entries = log.entries(after[0], CHUNK);
            if (entries.isEmpty()) {
                return Optional.empty();
            }
            after[0] = entries.getLast().seq();
            StringBuilder lines = new StringBuilder();
            entries.forEach(e -> lines.append(AdminJson.auditEntry(e)).append('\n'));
            return Optional.of(lines.toString());
        });
    }

    /**
     * Walks the whole chain from the first entry: numbers from 1 without a gap, each previous hash the hash before,
     * each hash its entry's. Answers the first break, or that the chain holds and how far.
     */
    static AdminReply verify(AdminCall call) {
        AuditLog log = log(call);
        String previous = AuditChain.GENESIS;
        long last = 0;
        while (true) {
            List<AuditEntry> entries = log.entries(last, CHUNK);
            if (entries.isEmpty()) {
                break;
            }
            Optional<AuditEntry> broken = entries.getFirst().seq() != last + 1 ? Optional.of(entries.getFirst())
                    : AuditChain.firstBreak(entries, previous);
            if (broken.isPresent()) {
                ObjectNode out = AdminJson.object();
                out.put("ok", false);
                out.put("entries_checked", last + entries.indexOf(broken.get()));
                out.set("first_break", AdminJson.auditEntry(broken.get()));
                return AdminReply.ok(out);
            }
            previous = entries.getLast().hash();
            last = entries.getLast().seq();
        }
        ObjectNode out = AdminJson.object();
        out.put("ok", true);
        out.put("entries_checked", last);
        out.put("last_hash", previous);
        return AdminReply.ok(out);
    }

    private static AuditLog log(AdminCall call) {
        call.require(Action.READ, AUDIT);
        return call.backend.ports().map(TenancyPorts::audit).orElseThrow(() -> AdminProblem.unavailable(
                "The audit log needs Parley's database; this Parley runs without one."));
    }
}
