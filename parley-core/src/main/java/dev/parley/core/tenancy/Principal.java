package dev.parley.core.tenancy;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Who is calling the admin API. Only two kinds of caller are principals: the master key, which is the organization's
 * owner, and a member authenticated by one of their own keys from the store. Service keys (they belong to no one) and
 * keys from the configuration file are no principal: they call models, never {@code /admin}.
 */
public sealed interface Principal {

    /** The organization role the principal acts with. */
    Role orgRole();

    /** How the audit log names the principal: {@code master} or {@code member:<id>}. */
    String actor();

    /** The master key ({@code master_key} in the configuration): the organization's owner. */
    record MasterKey() implements Principal {
        @Override
        public Role orgRole() {
            return Role.OWNER;
        }

        @Override
        public String actor() {
            return "master";
        }
    }

    /**
     * A member, by one of their keys.
     *
     * @param memberships the member's team roles when the call began
     * @param keyId the key the member authenticated with
     */
    record MemberKey(Member member, List<Membership> memberships, String keyId) implements Principal {
        public MemberKey {
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(keyId, "keyId");
            memberships = List.copyOf(memberships);
            if (memberships.stream().anyMatch(m -> !m.memberId().equals(member.id()))) {
                throw new IllegalArgumentException("a principal carries only its own memberships");
            }
        }

        @Override
        public Role orgRole() {
            return member.role();
        }

        @Override
        public String actor() {
            return "member:" + member.id();
        }

        public String memberId() {
            return member.id();
        }

        /** The member's role in a team, when they belong to it. */
        public Optional<Role> teamRole(String teamId) {
            return memberships.stream().filter(m -> m.teamId().equals(teamId)).map(Membership::role).findFirst();
        }
    }
}
