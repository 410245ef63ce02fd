package org.idvbatch.harvest.partition;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The lease table, this node's worker, and (in daemon mode only) the pollers that lend it to the cluster. */
@Configuration(proxyBeanMethods = false)
class PartitionConfiguration {

    @Bean
    PartitionLeases partitionLeases(JdbcClient jdbc) {
        return new PartitionLeases(jdbc);
    }

    @Bean
    PartitionWorker partitionWorker(PartitionLeases leases, JobRepository jobRepository, ObjectProvider<Step> steps,
                                    PartitionProperties props) {
        // steps are looked up by name when a partition is claimed: the worker step may be declared anywhere
        return new PartitionWorker(leases, jobRepository, name -> steps.orderedStream()
                .filter(s -> s.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no worker step named " + name + " on this node")),
                props);
    }

    @Bean
    LeasedPartitions leasedPartitions(PartitionLeases leases, PartitionWorker worker, JobRepository jobRepository,
                                      PartitionProperties props) {
        return new LeasedPartitions(leases, worker, jobRepository, props);
    }

    @Bean
    @ConditionalOnProperty(name = "idv.daemon.enabled", havingValue = "true")
    PartitionPollers partitionPollers(PartitionWorker worker, PartitionProperties props) {
        return new PartitionPollers(worker, props);
    }
}
