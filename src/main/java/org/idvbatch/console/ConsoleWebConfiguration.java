package org.idvbatch.console;

import java.util.Locale;
import org.idvbatch.report.ReportProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.i18n.CookieLocaleResolver;
import org.springframework.web.servlet.i18n.LocaleChangeInterceptor;

/**
 * The console speaks the reports' language ({@code idv.reports.language}) unless the reader picks the other one
 * ({@code ?lang=en} or {@code ?lang=zh_CN}, kept in a cookie).
 */
@Configuration
@ConditionalOnWebApplication
class ConsoleWebConfiguration implements WebMvcConfigurer {

    @Bean
    LocaleResolver localeResolver(ReportProperties reports) {
        CookieLocaleResolver r = new CookieLocaleResolver("idv-console-lang");
        r.setDefaultLocale(reports.language().equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE);
        return r;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor();
        lang.setParamName("lang");
        registry.addInterceptor(lang);
    }
}
