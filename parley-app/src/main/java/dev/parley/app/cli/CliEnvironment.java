package dev.parley.app.cli;

import java.util.Map;

/** What the root command gives the admin commands: the environment to read defaults from (a test passes its own). */
public interface CliEnvironment {
    Map<String, String> environment();
}
