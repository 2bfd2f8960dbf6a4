package dev.parley.testkit;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answers still to give. A request takes, in this order: the next answer queued for its model, the next
 * answer queued for anyone, its model's standing answer, the fake's standing answer.
 */
final class Script {

    /** An answer and whether a test scripted it, as opposed to a standing default. */
    record Drawn(Answer answer, boolean scripted) {}

    private final Deque<Answer> queue = new ArrayDeque<>();
    private final Map<String, Deque<Answer>> byModel = new HashMap<>();
    private final Map<String, Answer> modelDefaults = new HashMap<>();
    private Answer fallback;

    Script(Answer fallback) {
        this.fallback = fallback;
    }

    synchronized void enqueue(List<Answer> answers) {
        queue.addAll(answers);
    }

    synchronized void enqueue(String model, List<Answer> answers) {
        byModel.computeIfAbsent(model, m -> new ArrayDeque<>()).addAll(answers);
    }

    synchronized void fallback(Answer answer) {
        fallback = answer;
    }

    synchronized void fallback(String model, Answer answer) {
        modelDefaults.put(model, answer);
    }

    synchronized Drawn next(Optional<String> model) {
        Optional<Answer> forModel = model.map(byModel::get).map(Deque::poll);
        if (forModel.isPresent()) {
            return new Drawn(forModel.get(), true);
        }
        Answer queued = queue.poll();
        if (queued != null) {
            return new Drawn(queued, true);
        }
        Optional<Answer> modelDefault = model.map(modelDefaults::get);
        return modelDefault.map(answer -> new Drawn(answer, true)).orElseGet(() -> new Drawn(fallback, false));
    }

    synchronized int pending() {
        return queue.size() + byModel.values().stream().mapToInt(Deque::size).sum();
    }

    synchronized void reset(Answer standing) {
        queue.clear();
        byModel.clear();
        modelDefaults.clear();
        fallback = standing;
    }
}
