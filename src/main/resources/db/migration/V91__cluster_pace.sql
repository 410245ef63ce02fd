-- Cluster-wide pacing (#28): one token bucket per provider account and API, shared by every node. Bucket4j
-- (bucket4j_jdk17-postgresql, org.idvbatch.pace) keeps each bucket's serialized state here and takes the row
-- with SELECT ... FOR UPDATE for every call it paces, so the nodes together never exceed the account's quota.
CREATE TABLE pace_bucket (
    id    text  PRIMARY KEY,  -- e.g. tencent-faceid/default/query, aliyun-cloudauth/default/delete
    state bytea               -- Bucket4j's own serialization (configuration, tokens, last refill); null until first use
);

-- Partitions of one account (a group: provider/account) are claimed fairly against other accounts' partitions,
-- so every account of a run is worked at once and a slow account never takes every worker of the cluster.
ALTER TABLE partition_lease ADD COLUMN partition_group text;
