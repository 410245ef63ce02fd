package org.idvbatch.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.quartz.CronTrigger;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerKey;
import org.quartz.impl.matchers.GroupMatcher;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The Schedules page: Quartz's triggers, the cluster's nodes and the harvest's partition leases. */
@Component
@ConditionalOnWebApplication
class SchedulesView {

    static final String NODES = """
            SELECT instance_name, last_checkin_time, checkin_interval FROM qrtz_scheduler_state
             WHERE sched_name = :scheduler ORDER BY instance_name
            """;
    static final String LEASES = """
            SELECT job_execution_id, partition_name, owner_node, lease_until, heartbeat_at, claims, finished_at,
                   final_status
              FROM partition_lease ORDER BY published_at DESC, partition_name LIMIT 50
            """;

    private final Scheduler scheduler;
    private final JdbcClient jdbc;
    private final Clock clock;

    SchedulesView(Scheduler scheduler, JdbcClient jdbc, Clock clock) {
        this.scheduler = scheduler;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    record TriggerRow(String group, String name, String job, String schedule, String state, Instant previous,
                      Instant next) {
        public String key() {
            return group + "." + name;
        }
    }

    record Node(String instance, Instant lastCheckin, long intervalMillis, boolean alive) {
    }

    record Lease(long execution, String partition, String owner, Instant leaseUntil, Instant heartbeat, int claims,
                 Instant finished, String status) {
    }

    List<TriggerRow> triggers() throws SchedulerException {
        List<TriggerRow> rows = new ArrayList<>();
        for (String group : scheduler.getTriggerGroupNames()) {
            for (TriggerKey key : scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(group))) {
                Trigger t = scheduler.getTrigger(key);
                if (t == null) {
                    continue;
                }
                String schedule = t instanceof CronTrigger c ? c.getCronExpression() + " (" + c.getTimeZone().getID()
                        + ")" : t.getClass().getSimpleName();
                rows.add(new TriggerRow(group, key.getName(), t.getJobKey().toString(), schedule,
                        scheduler.getTriggerState(key).name(), instant(t.getPreviousFireTime()),
                        instant(t.getNextFireTime())));
            }
        }
        rows.sort(java.util.Comparator.comparing(TriggerRow::key));
        return rows;
    }

    List<Node> nodes() throws SchedulerException {
        Instant now = clock.instant();
        return jdbc.sql(NODES).param("scheduler", scheduler.getSchedulerName()).query((rs, i) -> {
            Instant last = Instant.ofEpochMilli(rs.getLong(2));
            long interval = rs.getLong(3);
            return new Node(rs.getString(1), last, interval, last.plusMillis(2 * interval + 7_500).isAfter(now));
        }).list();
    }

    List<Lease> leases() {
        return jdbc.sql(LEASES).query((rs, i) -> new Lease(rs.getLong(1), rs.getString(2), rs.getString(3),
                instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5)), rs.getInt(6), instant(rs.getTimestamp(7)),
                rs.getString(8))).list();
    }

    String pause(String key) throws SchedulerException {
        scheduler.pauseTrigger(trigger(key));
        return "trigger " + key + " paused";
    }

    String resume(String key) throws SchedulerException {
        scheduler.resumeTrigger(trigger(key));
        return "trigger " + key + " resumed";
    }

    String fireNow(String key) throws SchedulerException {
        Trigger t = scheduler.getTrigger(trigger(key));
        scheduler.triggerJob(t.getJobKey(), t.getJobDataMap());
        return "job " + t.getJobKey() + " of trigger " + key + " fired now";
    }

    private TriggerKey trigger(String key) throws SchedulerException {
        int dot = key == null ? -1 : key.indexOf('.');
        if (dot > 0) {
            TriggerKey k = new TriggerKey(key.substring(dot + 1), key.substring(0, dot));
            if (scheduler.checkExists(k)) {
                return k;
            }
        }
        throw new RejectedInputException("no trigger " + key);
    }

    private static Instant instant(java.util.Date d) {
        return d == null ? null : d.toInstant();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
