package dev.parley.core.config;

import java.util.Map;
import java.util.Objects;

/**
 * Reads Parley's configuration from YAML text. Does no I/O: the caller reads the file and passes the environment,
 * which keeps loading deterministic and testable. Accepts Parley's own format and LiteLLM proxy configurations
 * (recognised by a top-level {@code model_list}).
 */
public final class ConfigLoader {

    private ConfigLoader() {}

    /**
     * Parses and validates a configuration.
     *
     * @param yamlText the file's content; empty means all defaults
     * @param env the environment for {@code ${NAME}} references, normally {@code System.getenv()}
     * @throws ConfigException naming the first key that is wrong
     */
    public static ParleyConfig parse(String yamlText, Map<String, String> env) {
        Objects.requireNonNull(yamlText, "yamlText");
        Objects.requireNonNull(env, "env");
        var document = YamlTreeReader.read(yamlText);
        var root = new Node(document, KeyPath.ROOT, Map.copyOf(env));
        var config = LiteLlmMapper.applies(root.anyFields()) ? LiteLlmMapper.map(root) : ParleyMapper.map(root);
        return ConfigValidator.validate(config, document);
    }

    /** The configuration used when no file is given: every default, plus the master key from the environment. */
    public static ParleyConfig defaults(Map<String, String> env) {
        return parse("{}", env);
    }
}
