package dev.parley.core.tenancy;

import java.util.Objects;

/** What placing an order did: booked it, or found it booked already under the same reference. */
public sealed interface OrderPlacement {

    Order order();

    record Placed(Order order) implements OrderPlacement {
        public Placed {
            Objects.requireNonNull(order, "order");
        }
    }

    /** The same order (reference, kind and amount) was placed before: it is not booked again. */
    record AlreadyPlaced(Order order) implements OrderPlacement {
        public AlreadyPlaced {
            Objects.requireNonNull(order, "order");
        }
    }
}
