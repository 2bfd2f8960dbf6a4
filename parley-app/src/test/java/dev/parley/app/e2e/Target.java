package dev.parley.app.e2e;

import dev.parley.testkit.WireFormat;

/**
 * Where a client under test is pointed: straight at the fake (which then speaks the client's own protocol, to
 * prove the harness) or at Parley, which serves the client's model from a provider of another protocol.
 *
 * @param name how the run is shown in test names and messages
 * @param baseUrl the base URL the client is given, without a version prefix
 * @param key the key the client presents
 * @param model the model the client asks for
 * @param upstreamModel the model name the fake receives
 * @param upstream the protocol the fake is spoken to in
 */
record Target(String name, String baseUrl, String key, String model, String upstreamModel, WireFormat upstream) {

    static final String FAKE_KEY = "sk-direct-fake-0123456789";

    static Target direct(String baseUrl, String model, WireFormat clientProtocol) {
        return new Target("direct to the fake (" + clientProtocol + ")", baseUrl, FAKE_KEY, model, model,
                clientProtocol);
    }

    static Target viaParley(E2eParley parley, E2eParley.Hop hop) {
        return new Target("through Parley to " + hop.upstream(), parley.baseUrl(), E2eParley.KEY, hop.model(),
                hop.upstreamModel(), hop.upstream());
    }

    @Override
    public String toString() {
        return name;
    }
}
