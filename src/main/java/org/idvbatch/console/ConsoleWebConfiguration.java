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
        CookieLocaleResolver r = new CookieLocaleResolver(RequestInputGuard.LANGUAGE_COOKIE);
        r.setRejectInvalidCookies(false); // RequestInputGuard answers a bad one with 400; here it never throws
        r.setDefaultLocale(reports.language().equals("en") ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE);
        return r;
    }

    /** Ahead of Spring Security (order -100) and behind the request's character encoding (the highest). */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<RequestInputGuard> requestInputGuard() {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<>(new RequestInputGuard());
        registration.setOrder(org.springframework.core.Ordered.HIGHEST_PRECEDENCE + 10);
        registration.addUrlPatterns("/*");
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        // RequestInputGuard answers any other language with 400 before this runs; on the error page's own dispatch
        // (which carries the refused request's parameters again) an unknown one is ignored, never thrown
        LocaleChangeInterceptor lang = new LocaleChangeInterceptor() {
            @Override
            public boolean preHandle(jakarta.servlet.http.HttpServletRequest request,
                                     jakarta.servlet.http.HttpServletResponse response, Object handler)
                    throws jakarta.servlet.ServletException {
                String asked;
                try {
                    asked = request.getParameter(getParamName());
                } catch (RuntimeException unreadable) { // parameters the container cannot decode
                    return true;
                }
                if (asked != null && !RequestInputGuard.LANGUAGES.contains(asked)) {
                    return true;
                }
                return super.preHandle(request, response, handler);
            }
        };
        lang.setParamName("lang");
        lang.setIgnoreInvalidLocale(true);
        registry.addInterceptor(lang);
    }
}
