package org.idvbatch.harvest;

import org.idvbatch.batch.BatchNames;
import org.idvbatch.provider.EvidenceFetcher;
import java.time.Clock;
import org.idvbatch.archive.EvidenceArchive;
import org.idvbatch.harvest.partition.LeasedPartitions;
import org.idvbatch.harvest.partition.PartitionProperties;
import org.idvbatch.pace.ClusterPaces;
import org.idvbatch.provider.ResultClients;
import org.idvbatch.provider.SessionRef;
import org.idvbatch.identity.IdentityHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.FlowBuilder;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.job.flow.Flow;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The harvest flow — expire overdue sessions, query due ones (earliest deadline first, provider calls
 * concurrent within each chunk, reads and writes sequential and set-based), report the ones at risk —
 * used by the {@code harvest} job and as the first stage of {@code nightly}. The query step is a manager
 * step: it cuts the due sessions into provider x account x bucket partitions that any node of the cluster claims
 * through {@code partition_lease} (org.idvbatch.harvest.partition) and runs as the worker step.
 */
@Configuration(proxyBeanMethods = false)
class HarvestJobConfiguration {

    private static final Logger log = LoggerFactory.getLogger(HarvestJobConfiguration.class);

    @Bean(BatchNames.HARVEST_JOB_BEAN)
    Job harvestJob(JobRepository jobRepository, @Qualifier(BatchNames.HARVEST_FLOW_BEAN) Flow harvestFlow,
                   ObjectProvider<JobExecutionListener> listeners) {
        JobBuilder job = new JobBuilder(BatchNames.HARVEST_JOB, jobRepository);
        listeners.orderedStream().forEach(job::listener); // metrics and alerts (org.idvbatch.metrics / .alert)
        return job.start(harvestFlow).end().build();
    }

    @Bean(BatchNames.HARVEST_FLOW_BEAN)
    Flow harvestFlow(@Qualifier("harvestExpireStep") Step expire, @Qualifier("harvestQueryStep") Step query,
                     @Qualifier("harvestAtRiskStep") Step atRisk) {
        return new FlowBuilder<Flow>(BatchNames.HARVEST_FLOW_BEAN).start(expire).next(query).next(atRisk).build();
    }

    @Bean
    Step harvestExpireStep(JobRepository jobRepository, PlatformTransactionManager tx, OverdueSessionExpiry expiry) {
        return new StepBuilder(BatchNames.HARVEST_EXPIRE_STEP, jobRepository)
                .tasklet(new ExpireOverdueTasklet(expiry), tx).build();
    }

    @Bean
    Step harvestQueryStep(JobRepository jobRepository, @Qualifier("harvestQueryWorkerStep") Step worker,
                          DuePartitioner duePartitioner, LeasedPartitions leasedPartitions,
                          PartitionProperties partitions) {
        return new StepBuilder(BatchNames.HARVEST_QUERY_STEP, jobRepository)
                .partitioner(worker.getName(), duePartitioner).step(worker)
                .partitionHandler(leasedPartitions.handler(worker, partitions.buckets(), duePartitioner))
                .aggregator(new HarvestPartitionAggregator())
                .build();
    }

    @Bean
    Step harvestQueryWorkerStep(JobRepository jobRepository, PlatformTransactionManager tx, HarvestProperties props,
                                DueSessionReader dueSessionReader, HarvestProcessor harvestProcessor,
                                HarvestResultWriter harvestResultWriter,
                                AccountCallExecutors executor,
                                HarvestWatch watch) {
        return new StepBuilder(BatchNames.HARVEST_QUERY_WORKER_STEP, jobRepository)
                .<SessionRef, HarvestedSession>chunk(props.chunkSize())
                .transactionManager(tx)
                .reader(dueSessionReader).processor(harvestProcessor).writer(harvestResultWriter)
                .listener(harvestResultWriter)
                .listener((Object) new HarvestProgress(watch))
                .taskExecutor(executor)
                .build();
    }

    @Bean
    DuePartitioner duePartitioner(JdbcTemplate jdbc, Clock clock) {
        return new DuePartitioner(jdbc, clock);
    }

    @Bean
    Step harvestAtRiskStep(JobRepository jobRepository, PlatformTransactionManager tx, AtRiskSessions atRisk,
                           HarvestProperties props) {
        return new StepBuilder(BatchNames.HARVEST_AT_RISK_STEP, jobRepository)
                .tasklet(new AtRiskTasklet(atRisk, props.atRiskMargin()), tx).build();
    }

    @Bean
    @StepScope
    DueSessionReader dueSessionReader(JdbcTemplate jdbc, Clock clock, HarvestProperties props,
                                      PartitionProperties partitions,
                                      @Value("#{stepExecutionContext['provider']}") String provider,
                                      @Value("#{stepExecutionContext['account']}") String account,
                                      @Value("#{stepExecutionContext['bucket']}") Integer bucket,
                                      @Value("#{stepExecutionContext['buckets']}") Integer buckets) {
        // sessions another transaction holds are waited for at most a lease: longer, its owner counts as stalled
        return new DueSessionReader(jdbc, clock, props.chunkSize(), new DuePartitioner.Partition(provider, account,
                bucket, buckets), partitions.pollInterval(), partitions.lease());
    }

    @Bean
    HarvestProcessor harvestProcessor(ResultClients clients, ClusterPaces paces, EvidenceFetcher fetcher,
                                      EvidenceArchive archive, HarvestProperties props, RefusedAccounts refused,
                                      HarvestCalls sent) {
        return new HarvestProcessor(clients, paces, fetcher, archive, props.retry(), refused, sent);
    }

    @Bean
    @StepScope
    HarvestResultWriter harvestResultWriter(JdbcTemplate jdbc, Clock clock, HarvestProperties props,
                                            IdentityHasher hasher, EvidenceArchive evidenceArchive) {
        return new HarvestResultWriter(jdbc, clock, props, hasher, evidenceArchive);
    }

    @Bean
    AccountCallExecutors harvestCallExecutor(HarvestProperties props) {
        return new AccountCallExecutors(props.threads());
    }
}
