package org.idvbatch.reconcile.statement;

import org.idvbatch.provider.BillStatementSource;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import org.idvbatch.time.BusinessDay;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.idvbatch.RejectedInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Gathers the provider side before a reconciliation: the inbox's export files, then each configured bill
 * API for the day, once it publishes that day and until its figures are final (Tencent: 06:00 of D+1 to D+3).
 * An unusable file or answer is set aside and reported; it never stops the others.
 */
@Service
public class ProviderStatements {

    private static final Logger log = LoggerFactory.getLogger(ProviderStatements.class);

    private final StatementInbox inbox;
    private final StatementStore store;
    private final ObjectProvider<BillStatementSource> sources;
    private final Clock clock;

    ProviderStatements(StatementInbox inbox, StatementStore store, ObjectProvider<BillStatementSource> sources,
                       Clock clock) {
        this.clock = clock;
        this.inbox = inbox;
        this.store = store;
        this.sources = sources;
    }

    public StatementInbox.Report collect(Path inboxFolder, LocalDate day) {
        return collect(inboxFolder, List.of(day));
    }

    /** The inbox once, then each bill API for each of {@code days} (the catch-up's window). */
    public StatementInbox.Report collect(Path inboxFolder, List<LocalDate> days) {
        StatementInbox.Report files = inbox.importAll(inboxFolder);
        List<ImportedStatement> accepted = new ArrayList<>(files.accepted());
        List<String> rejected = new ArrayList<>(files.refused());
        List<String> unavailable = new ArrayList<>(files.unavailable());
        Instant now = clock.instant();
        for (LocalDate day : days) {
            askBillApis(day, now, accepted, rejected, unavailable);
        }
        return new StatementInbox.Report(accepted, rejected, unavailable, files.waiting());
    }

    private void askBillApis(LocalDate day, Instant now, List<ImportedStatement> accepted, List<String> rejected,
                             List<String> unavailable) {
        sources.orderedStream().forEach(source -> {
            Instant dayEnd = BusinessDay.of(day).end();
            if (now.isBefore(dayEnd.plus(source.publishedAfterDayEnd()))) {
                log.info("{} bill {}: not published before {}; not asked (its lines await the provider)",
                        source.provider().code(), day, dayEnd.plus(source.publishedAfterDayEnd()));
                return; // asking now would answer nothing, which is no statement of nothing
            }
            if (now.isAfter(dayEnd.plus(source.finalAfterDayEnd()))) {
                return; // final since: what was stored stands
            }
            try {
                ImportedStatement done = store.store(source.fetch(day));
                accepted.add(done);
                log.info("{} bill {}: {}", source.provider().code(), day, done.describe());
            } catch (RejectedInputException e) {
                rejected.add(e.getMessage());
                log.warn("{} bill {}: rejected: {}", source.provider().code(), day, e.getMessage());
            } catch (RuntimeException e) { // the API failed (transport, 5xx, credentials): the day is not reconciled
                String why = source.provider().code() + " bill " + day + ": unavailable: " + e.getMessage();
                unavailable.add(why);
                log.warn("{}", why);
            }
        });
    }
}
