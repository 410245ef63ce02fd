package org.idvbatch.database;

import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.StringUtils;

/**
 * The pool of an external PostgreSQL ({@code spring.datasource.url}, {@code IDV_DB_URL}): Spring Boot's HikariCP
 * pool, built and configured as Boot builds it ({@code spring.datasource.*}, {@code spring.datasource.hikari.*}),
 * but one that fails fast once the database is gone ({@link GuardedDataSource}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnExpression("!'${spring.datasource.url:}'.isEmpty()")
class ExternalDatabaseConfiguration {

    @Bean(destroyMethod = "close")
    @ConfigurationProperties("spring.datasource.hikari")
    GuardedDataSource dataSource(DataSourceProperties properties) {
        GuardedDataSource ds = properties.initializeDataSourceBuilder().type(GuardedDataSource.class).build();
        if (StringUtils.hasText(properties.getName())) {
            ds.setPoolName(properties.getName());
        }
        return ds;
    }
}
