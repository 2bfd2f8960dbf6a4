package dev.parley.core.tenancy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@link EffectiveAccess}: every level must allow; an empty list allows all. */
class EffectiveAccessTest {

    private static AccessRules models(String... patterns) {
        return new AccessRules(List.of(patterns), List.of(), List.of(), OptionalInt.empty(), Optional.empty());
    }

    private static AccessRules channels(List<String> providers, List<String> regions) {
        return new AccessRules(List.of(), providers, regions, OptionalInt.empty(), Optional.empty());
    }

    private static AccessRules maxTokens(int max) {
        return new AccessRules(List.of(), List.of(), List.of(), OptionalInt.of(max), Optional.empty());
    }

    private static AccessRules logBodies(boolean allowed) {
        return new AccessRules(List.of(), List.of(), List.of(), OptionalInt.empty(), Optional.of(allowed));
    }

    @Test
    void aModelMustBeAllowedAtEveryLevel() {
        EffectiveAccess access = EffectiveAccess.of(models("gpt-*", "claude-*"), AccessRules.NONE, models("*-mini", "claude-haiku"));

        assertThat(access.allowsModel("gpt-4o-mini")).isTrue();
        assertThat(access.allowsModel("claude-haiku")).isTrue();
        assertThat(access.allowsModel("gpt-4o")).isFalse();
        assertThat(access.allowsModel("gemini-mini")).isFalse();
        assertThat(EffectiveAccess.ALL.allowsModel("anything")).isTrue();
    }

    @Test
    void providersAndRegionsNarrowTheChannels() {
        EffectiveAccess access = EffectiveAccess.of(AccessRules.NONE, channels(List.of("azure-*", "mistral"), List.of()),
                channels(List.of(), List.of("eu-*")));

        assertThat(access.allowsChannel("azure-west", Optional.of("eu-west"))).isTrue();
        assertThat(access.allowsChannel("mistral", Optional.of("eu-central"))).isTrue();
        assertThat(access.allowsChannel("azure-east", Optional.of("us-east"))).isFalse();
        assertThat(access.allowsChannel("openai", Optional.of("eu-west"))).isFalse();
        // A level that lists regions cannot assume where an untagged channel keeps its data.
        assertThat(access.allowsChannel("mistral", Optional.empty())).isFalse();
        assertThat(EffectiveAccess.of(List.of(channels(List.of("mistral"), List.of()))).allowsChannel("mistral",
                Optional.empty())).isTrue();
    }

    @Test
    void theSmallestMaxTokensWins() {
        assertThat(EffectiveAccess.of(maxTokens(4096), AccessRules.NONE, maxTokens(1024)).maxTokensPerRequest())
                .hasValue(1024);
        assertThat(EffectiveAccess.of(AccessRules.NONE, AccessRules.NONE, AccessRules.NONE).maxTokensPerRequest()).isEmpty();
    }

    @Test
    void bodiesAreKeptOnlyWhenALevelAsksAndNoneForbids() {
        assertThat(EffectiveAccess.of(logBodies(true), AccessRules.NONE, logBodies(false)).logBodies()).isFalse();
        assertThat(EffectiveAccess.of(logBodies(true), AccessRules.NONE, AccessRules.NONE).logBodies()).isTrue();
        assertThat(EffectiveAccess.of(AccessRules.NONE, AccessRules.NONE, logBodies(true)).logBodies()).isTrue();
        assertThat(EffectiveAccess.of(AccessRules.NONE, AccessRules.NONE, AccessRules.NONE).logBodies()).isFalse();
    }

    @Test
    void aKeyIsReadWithItsProjectAndTeamFromTheSnapshot() {
        Instant now = Instant.parse("2026-11-24T03:00:00Z");
        Team team = new Team("t1", "research", models("claude-*"), now);
        Project project = new Project("p1", "t1", "bot", maxTokens(500), now);
        KeyRecord key = new KeyRecord("k1", "ci", "hash", "sk-parley-…abcd", "p1", "t1", Optional.empty(),
                models("*-haiku-*", "gpt-*"), now, Optional.empty(), Optional.empty(), Optional.empty());
        TenancySnapshot snapshot = new TenancySnapshot(List.of(team), List.of(project), List.of(), List.of(),
                List.of(key), List.of(), List.of(), List.of());

        EffectiveAccess access = EffectiveAccess.of(key, snapshot);

        assertThat(access.allowsModel("claude-haiku-4")).isTrue();
        assertThat(access.allowsModel("gpt-4o")).isFalse();
        assertThat(access.maxTokensPerRequest()).hasValue(500);
    }
}
