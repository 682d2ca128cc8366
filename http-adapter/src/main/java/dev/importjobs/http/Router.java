package dev.importjobs.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.stream.Collectors;

/**
 * Finds a request's route in the table. Routes on one template form a resource; the first resource whose
 * template matches the path is the request's, so a literal segment ({@code …/bulk-tasks/events}) listed
 * before a parameter ({@code …/bulk-tasks/{id}}) wins. The resource's methods answer, or make the
 * {@code Allow} header of a 405 (docs/design.md, "HTTP decisions").
 */
final class Router {
    private final List<List<Route>> resources;
    private final List<String> prefixes;

    Router(List<Route> routes) {
        Map<String, List<Route>> byTemplate = new LinkedHashMap<>();
        for (Route route : routes) {
            List<Route> resource = byTemplate.computeIfAbsent(route.template(), t -> new ArrayList<>());
            if (!resource.isEmpty() && resource.get(0).style() != route.style()) {
                throw new IllegalArgumentException(route.template() + " is answered in one style only");
            }
            if (resource.stream().anyMatch(other -> other.method().equals(route.method()))) {
                throw new IllegalArgumentException(route.method() + " " + route.template() + " is routed twice");
            }
            resource.add(route);
        }
        this.resources = List.copyOf(byTemplate.values());
        this.prefixes = resources.stream().map(resource -> literalStart(resource.get(0).template())).toList();
    }

    /** Every route, in table order. */
    List<Route> routes() {
        return resources.stream().flatMap(List::stream).toList();
    }

    /** The resource the raw path names, with its segments still encoded; {@code null} when none does. */
    Resource match(String rawPath) {
        for (int i = 0; i < resources.size(); i++) {
            // The template's literal start first: most templates are ruled out without running their pattern.
            if (rawPath.startsWith(prefixes.get(i))) {
                List<Route> resource = resources.get(i);
                Matcher matcher = resource.get(0).pattern().matcher(rawPath);
                if (matcher.matches()) {
                    return new Resource(resource, matcher);
                }
            }
        }
        return null;
    }

    /** What every path a template matches starts with: the template up to its first parameter. */
    private static String literalStart(String template) {
        int parameter = template.indexOf('{');
        return parameter < 0 ? template : template.substring(0, parameter);
    }

    /** The routes on one template, and the path that matched it. */
    static final class Resource {
        private final List<Route> routes;
        private final Matcher path;

        private Resource(List<Route> routes, Matcher path) {
            this.routes = routes;
            this.path = path;
        }

        Style style() {
            return routes.get(0).style();
        }

        /** The template's parameters in the path, decoded; a segment that does not decode is a 400. */
        Map<String, String> params() {
            List<String> names = routes.get(0).parameters();
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                params.put(names.get(i), Call.decode(path.group(i + 1), "the path's " + names.get(i)));
            }
            return params;
        }

        /** The route for {@code method}, or {@code null}. */
        Route route(String method) {
            for (Route route : routes) {
                if (route.method().equals(method)) {
                    return route;
                }
            }
            return null;
        }

        /** The methods served, for a 405's {@code Allow}. */
        String allow() {
            return routes.stream().map(Route::method).collect(Collectors.joining(", "));
        }
    }
}
