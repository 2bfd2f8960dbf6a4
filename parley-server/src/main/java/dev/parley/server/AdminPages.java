package dev.parley.server;

import dev.parley.core.tenancy.Page;
import dev.parley.core.tenancy.PageRequest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Keyset pagination of what a principal may read: pages are read from the store in id order and filtered item by
 * item, and more are read until the page is full or the store has no more, so that a page is never short because
 * of what the principal may not see, and the cursor is the id of the last item shown.
 */
final class AdminPages {

    private AdminPages() {
    }

    static <T> Page<T> visible(Function<PageRequest, Page<T>> fetch, Predicate<T> visible, Function<T, String> id,
                               PageRequest request) {
        List<T> shown = new ArrayList<>();
        Optional<String> after = request.after();
        while (true) {
            Page<T> page = fetch.apply(new PageRequest(request.limit(), after));
            List<T> items = page.items();
            for (int i = 0; i < items.size(); i++) {
                T item = items.get(i);
                if (!visible.test(item)) {
                    continue;
                }
                shown.add(item);
                if (shown.size() == request.limit()) {
                    boolean more = i < items.size() - 1 || page.next().isPresent();
                    return new Page<>(shown, more ? Optional.of(id.apply(item)) : Optional.empty());
                }
            }
            if (page.next().isEmpty() || items.isEmpty()) {
                return new Page<>(shown, Optional.empty());
            }
            after = page.next();
        }
    }

    /** The same over a list held whole (a team's memberships), ordered by {@code id}. */
    static <T> Page<T> visible(List<T> all, Predicate<T> visible, Function<T, String> id, PageRequest request) {
        List<T> candidates = all.stream().sorted(Comparator.comparing(id))
                .filter(item -> request.after().map(a -> id.apply(item).compareTo(a) > 0).orElse(true))
                .filter(visible).toList();
        if (candidates.size() <= request.limit()) {
            return new Page<>(candidates, Optional.empty());
        }
        List<T> shown = candidates.subList(0, request.limit());
        return new Page<>(shown, Optional.of(id.apply(shown.getLast())));
    }
}
