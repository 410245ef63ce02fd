package org.idvbatch.report;

/** Status of a KPI as a cell fill: nothing to do, keep an eye on it, a person must act. */
enum TrafficLight {
    GREEN, AMBER, RED;

    /** Zero is fine; anything else needs the given attention. */
    static TrafficLight zeroOr(long value, TrafficLight otherwise) {
        return value == 0 ? GREEN : otherwise;
    }

    /** A share: at or above {@code green} is fine, at or above {@code amber} is watched, below needs action. */
    static TrafficLight share(Double value, double green, double amber) {
        if (value == null) {
            return GREEN;
        }
        return value >= green ? GREEN : value >= amber ? AMBER : RED;
    }
}
