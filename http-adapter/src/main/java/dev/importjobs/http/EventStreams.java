package dev.importjobs.http;

import dev.importjobs.core.auth.Principal;
import dev.importjobs.core.error.ErrorCode;
import dev.importjobs.core.error.ImportJobsException;
import dev.importjobs.core.service.ImportJobs;
import dev.importjobs.core.service.JobRef;
import dev.importjobs.core.spi.JobChanges;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Live events (docs/api.md#live-events; how they run: docs/server.md#event-streams). A request thread opens
 * a stream, sends its headers and hands it on, so no request thread stays with a stream. Three threads serve
 * them all: the poll thread reads each watched organization's change feed from the store
 * ({@link OrganizationFeed}, one per organization with open streams), the writer writes to every stream
 * ({@link EventWriter}), and a timer sends heartbeats and cuts off stalled writes.
 */
final class EventStreams {
    private static final System.Logger LOG = System.getLogger("dev.importjobs.http");
    static final String CONTENT_TYPE = "text/event-stream; charset=utf-8";
    /** A position the feed gave: digits only, as the events' ids are written. */
    private static final Pattern POSITION = Pattern.compile("[0-9]{1,18}");

    /**
     * How streams run; the defaults are the server's (docs/server.md#event-streams).
     *
     * @param heartbeat        how often each stream gets a comment line, so proxies keep it and a dead client
     *                         is noticed
     * @param pollInterval     how often each watched organization's feed is read from the store
     * @param writeTimeout     how long one write may take before its client is cut off
     * @param streamsPerCaller how many streams one caller may have open at once
     */
    record Settings(Duration heartbeat, Duration pollInterval, Duration writeTimeout, int streamsPerCaller) {
        static final Settings DEFAULTS = new Settings(Duration.ofSeconds(15), Duration.ofMillis(250),
                Duration.ofSeconds(2), 32);
    }

    private final ImportJobs jobs;
    private final Settings settings;
    /** The feeds of the organizations with open streams; guards itself, {@link #perCaller} and {@link #closed}. */
    private final Map<String, OrganizationFeed> feeds = new HashMap<>();
    private final Map<String, Integer> perCaller = new HashMap<>();
    private boolean closed;
    private final Set<EventStream> open = ConcurrentHashMap.newKeySet();
    private final ScheduledThreadPoolExecutor poller;
    private final ScheduledExecutorService timer;
    private final EventWriter writer;

    EventStreams(ImportJobs jobs, Settings settings) {
        this.jobs = jobs;
        this.settings = settings;
        this.poller = new ScheduledThreadPoolExecutor(1, named("importjobs-events-poll"));
        this.poller.setRemoveOnCancelPolicy(true);
        this.timer = Executors.newSingleThreadScheduledExecutor(named("importjobs-events-timer"));
        this.writer = new EventWriter(settings.writeTimeout(), this::forget);
    }

    /** Starts the writer and the timer; the poll thread starts with the first stream. */
    void start() {
        writer.start();
        long heartbeat = settings.heartbeat().toNanos();
        timer.scheduleAtFixedRate(this::heartbeat, heartbeat, heartbeat, TimeUnit.NANOSECONDS);
        long watch = Math.max(TimeUnit.MILLISECONDS.toNanos(10), settings.writeTimeout().toNanos() / 4);
        timer.scheduleAtFixedRate(writer::cutOffStalledWrite, watch, watch, TimeUnit.NANOSECONDS);
    }

    /** {@code GET …/bulk-tasks/events}: every job of the organization. */
    void organization(Call call) {
        open(call, null);
    }

    /** {@code GET …/bulk-tasks/{id}/events}: one job, which must exist. */
    void job(Call call) {
        JobRef ref = new JobRef(call.param(Route.ORGANIZATION), call.param(Route.JOB));
        if (!jobs.exists(ref)) {
            throw ImportJobsException.notFound();
        }
        open(call, ref.jobId());
    }

    /** How many streams are open. */
    int openStreams() {
        return open.size();
    }

    /** How many organizations' feeds this server reads: one per organization with open streams. */
    int followedOrganizations() {
        synchronized (feeds) {
            return feeds.size();
        }
    }

    /**
     * Sends the headers and hands the stream to its organization's feed, from the position the client
     * resumes at ({@code Last-Event-ID}) or the feed's latest. A position the feed cannot continue from
     * (unreadable, forgotten, from another database) gets {@code reload} first.
     */
    private void open(Call call, String jobId) {
        String organizationId = call.param(Route.ORGANIZATION);
        String lastEventId = call.header("Last-Event-ID");
        boolean resuming = lastEventId != null;
        boolean readable = resuming && POSITION.matcher(lastEventId.strip()).matches();
        JobChanges now = jobs.changesSince(organizationId, readable ? Long.parseLong(lastEventId.strip()) : 0, 1);
        boolean reload = resuming && (!readable || !now.resumable());
        long from = resuming && !reload ? Long.parseLong(lastEventId.strip()) : now.latest();
        String caller = callerOf(call);
        acquire(caller);
        var headers = call.exchange.getResponseHeaders();
        headers.set("Content-Type", CONTENT_TYPE);
        // nginx and its kin buffer responses unless told not to, which would hold events back.
        headers.set("X-Accel-Buffering", "no");
        try {
            call.start(200, 0);
            OutputStream body = call.exchange.getResponseBody();
            body.write(EventFrames.OPENED);
            if (reload) {
                body.write(EventFrames.reload(from));
            }
            body.flush();
        } catch (IOException e) {
            release(caller);
            return; // the client went away; the root handler closes the exchange
        }
        EventStream stream = new EventStream(organizationId, jobId, caller, call.exchange, from);
        if (attach(stream)) {
            call.detached = true;
        } else {
            release(caller); // the server is stopping: the root handler ends the stream at once
        }
    }

    /**
     * Whom the cap counts a stream against: the token's subject; without a token (auth off or optional) the
     * client's address, so that anonymous callers do not share one allowance.
     */
    private static String callerOf(Call call) {
        return call.principal == Principal.ANONYMOUS
                ? "address " + call.exchange.getRemoteAddress().getAddress().getHostAddress()
                : "subject " + call.principal.subject();
    }

    private void acquire(String caller) {
        synchronized (feeds) {
            int count = perCaller.getOrDefault(caller, 0);
            if (count >= settings.streamsPerCaller()) {
                throw new HttpProblem(ErrorCode.TOO_MANY_STREAMS, "too many event streams: a caller may have "
                        + settings.streamsPerCaller() + " open at once; close one first")
                        .header("Retry-After", String.valueOf(Math.max(1, settings.heartbeat().toSeconds())));
            }
            perCaller.put(caller, count + 1);
        }
    }

    private void release(String caller) {
        synchronized (feeds) {
            perCaller.computeIfPresent(caller, (key, count) -> count == 1 ? null : count - 1);
        }
    }

    /** Hands the stream to its organization's feed; {@code false} once the server is stopping. */
    private boolean attach(EventStream stream) {
        synchronized (feeds) {
            if (closed) {
                return false;
            }
            open.add(stream);
            OrganizationFeed feed = feeds.computeIfAbsent(stream.organizationId, this::newFeed);
            feed.join(stream);
            poller.execute(() -> poll(feed)); // now: the client may be behind, and should not wait an interval
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "event stream of " + stream.caller + " opened on "
                + stream.organizationId + (stream.jobId == null ? "" : " job " + stream.jobId));
        return true;
    }

    private OrganizationFeed newFeed(String organizationId) {
        OrganizationFeed feed = new OrganizationFeed(organizationId, jobs, writer);
        long interval = settings.pollInterval().toNanos();
        feed.schedule = poller.scheduleWithFixedDelay(() -> poll(feed), interval, interval, TimeUnit.NANOSECONDS);
        return feed;
    }

    /** Polls the feed; retires it when no stream is left (polls stop when no one listens). */
    private void poll(OrganizationFeed feed) {
        try {
            if (feed.poll()) {
                return;
            }
        } catch (RuntimeException e) {
            // The store may be busy or failing: the next poll tries again from the same place.
            LOG.log(System.Logger.Level.WARNING, "reading the change feed of " + feed.organizationId + " failed", e);
            return;
        }
        synchronized (feeds) {
            if (!feed.hasJoiners() && feeds.remove(feed.organizationId, feed)) {
                feed.schedule.cancel(false);
            }
        }
    }

    private void heartbeat() {
        for (EventStream stream : open) {
            writer.send(stream, EventFrames.HEARTBEAT);
        }
    }

    /** The writer closed the stream (or was told to): its caller's slot frees at once. */
    private void forget(EventStream stream) {
        open.remove(stream);
        release(stream.caller);
        LOG.log(System.Logger.Level.DEBUG, () -> "event stream of " + stream.caller + " closed");
    }

    /**
     * Closes every stream first (each ends cleanly, so its client sees the end and reconnects elsewhere or
     * later), waiting up to {@code wait} for the ends to be written, and stops the threads. Streams asked
     * for from now on end at once.
     */
    void close(Duration wait) {
        List<OrganizationFeed> retired;
        synchronized (feeds) {
            if (closed) {
                return;
            }
            closed = true;
            retired = new ArrayList<>(feeds.values());
            feeds.clear();
        }
        retired.forEach(feed -> feed.schedule.cancel(false));
        poller.shutdown();
        for (EventStream stream : List.copyOf(open)) {
            writer.close(stream);
        }
        try {
            writer.stop(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            timer.shutdownNow(); // last: it cuts off a stream's end that stalls, as any write
        }
    }

    private static ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
