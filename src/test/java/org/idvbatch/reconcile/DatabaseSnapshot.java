package org.idvbatch.reconcile;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Row counts and content checksums of tables, to prove a rejected input changed nothing. */
public record DatabaseSnapshot(List<String> tables) {

    public static DatabaseSnapshot of(JdbcClient jdbc, String... tables) {
        return new DatabaseSnapshot(java.util.Arrays.stream(tables).map(t -> t + ": " + jdbc.sql(
                "SELECT count(*) || ' rows, md5 ' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '-')"
                        + " FROM " + t + " x").query(String.class).single()).toList());
    }
}
