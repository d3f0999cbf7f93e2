package io.openconnectors.example.springboot;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * Events out of a CRM (polled, in YAML: {@code camel/crm-contacts.yaml}) and out of GitHub (webhooks, in Java:
 * {@link GithubRoutes}), each delivered to the subscriber's callback, durably on the application's database.
 */
@SpringBootApplication
public class EventsApplication {

    public static void main(String[] args) {
        SpringApplication.run(EventsApplication.class, args);
    }
}
