package dev.importjobs.http;

import dev.importjobs.core.model.Counter;
import dev.importjobs.core.model.ImportJob;
import dev.importjobs.core.model.LineError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * One style's table of a job's fields: where each {@link JobField} sits in that style's JSON, under what
 * name and in what encoding. The one table drives writing a job, reading a body into core's fields, and
 * naming core's violations (canonical paths) the way the style does (docs/api.md); it is also all an
 * OpenAPI schema of the style needs. Order is the order fields are written and read.
 */
final class JobView {
    /** A member of a JSON object: a field, or a nested object of members. */
    sealed interface Node permits Leaf, Group {
        String name();

        /** The name as the generator writes it, quoted and encoded once: every job written writes them all. */
        SerializableString encodedName();
    }

    record Leaf(String name, JobField field, Codec codec, SerializableString encodedName) implements Node {
        Leaf(String name, JobField field, Codec codec) {
            this(name, field, codec, new SerializedString(name));
        }
    }

    /** A nested object; {@code canonical} is the core object it holds ({@code file}), or {@code null}. */
    record Group(String name, String canonical, List<Node> members, SerializableString encodedName) implements Node {
        Group(String name, String canonical, List<Node> members) {
            this(name, canonical, members, new SerializedString(name));
        }
    }

    /** The job a body is about, as the request's path names it; {@code null} parts are not named there. */
    record Target(String organizationId, String id) {
        static final Target NONE = new Target(null, null);
    }

    /** What the style calls a job inside other answers ({@code job}, {@code item}). */
    final String noun;
    final List<Node> nodes;
    /** Whether a body may carry the server's fields back as read (they are then checked or ignored). */
    final boolean echoes;
    private final Map<String, String> renames;

    private JobView(String noun, List<Node> nodes, boolean echoes, Map<String, String> renames) {
        this.noun = noun;
        this.nodes = nodes;
        this.echoes = echoes;
        this.renames = renames;
    }

    static Builder builder(String noun, Codec.Scalar time, boolean echoes) {
        return new Builder(noun, time, echoes, "", new HashMap<>());
    }

    /** A canonical path (a field, or a parameter) as this style names it. */
    String rename(String canonicalPath) {
        return renames.getOrDefault(canonicalPath, canonicalPath);
    }

    void write(JsonGenerator out, ImportJob job) {
        out.writeStartObject();
        write(out, nodes, job);
        out.writeEndObject();
    }

    private static void write(JsonGenerator out, List<Node> nodes, ImportJob job) {
        // Indexed: an iterator per object written, 150 per page of jobs, was not optimised away.
        for (int i = 0; i < nodes.size(); i++) {
            Node node = nodes.get(i);
            out.writeName(node.encodedName());
            if (node instanceof Leaf leaf) {
                leaf.codec.write(out, leaf.field.valueOf(job));
            } else if (node instanceof Group group) {
                out.writeStartObject();
                write(out, group.members, job);
                out.writeEndObject();
            }
        }
    }

    /**
     * Reads the job's fields from {@code body}; type problems are collected in {@code body}, unknown members
     * of nested objects too. The body's own unknown fields are left to the caller, which may read more.
     */
    JobDraft read(Fields body, Target target) {
        JobDraft draft = new JobDraft(this::rename);
        read(body, nodes, draft, target);
        return draft;
    }

    private void read(Fields in, List<Node> nodes, JobDraft draft, Target target) {
        for (Node node : nodes) {
            if (node instanceof Group group) {
                Fields nested = in.nested(group.name);
                if (nested != null) {
                    if (group.canonical != null) {
                        draft.given(group.canonical);
                    }
                    read(nested, group.members, draft, target);
                    nested.rejectUnknown();
                }
            } else if (node instanceof Leaf leaf) {
                if (leaf.field.access == JobField.Access.WRITABLE) {
                    readValue(in, leaf, draft);
                } else if (echoes) {
                    echo(in, leaf, target);
                }
            }
        }
    }

    private static void readValue(Fields in, Leaf leaf, JobDraft draft) {
        if (leaf.codec instanceof Codec.Lines lines) {
            List<LineError> given = lines.read(in, leaf.name);
            if (given != null) {
                draft.lines(lines.replaces(), given, in.name(leaf.name), lines.shape());
            }
        } else if (leaf.codec instanceof Codec.Scalar scalar) {
            draft.put(leaf.field, scalar.read(in, leaf.name));
        }
    }

    /** A server's field sent back as read: the job's keys must match the path; the rest is ignored. */
    private static void echo(Fields in, Leaf leaf, Target target) {
        if (leaf.field.access == JobField.Access.SERVER) {
            in.raw(leaf.name);
            return;
        }
        String given = in.string(leaf.name);
        if (given == null) {
            return;
        }
        if (leaf.field == JobField.ORGANIZATION_ID && !given.equals(target.organizationId)) {
            in.add(leaf.name, "must match the organization in the path");
        } else if (leaf.field == JobField.ID && !given.equals(target.id)) {
            in.add(leaf.name, target.id == null ? "is set by the server" : "must match the id in the path");
        }
    }

    /** Collects a style's nodes in order; nested objects share the style's time encoding and renames. */
    static final class Builder {
        private final String noun;
        private final Codec.Scalar time;
        private final boolean echoes;
        private final String prefix;
        private final Map<String, String> renames;
        private final List<Node> nodes = new ArrayList<>();

        private Builder(String noun, Codec.Scalar time, boolean echoes, String prefix, Map<String, String> renames) {
            this.noun = noun;
            this.time = time;
            this.echoes = echoes;
            this.prefix = prefix;
            this.renames = renames;
        }

        /** {@code field} under {@code name}, in the encoding its kind has in this style. */
        Builder field(String name, JobField field) {
            return add(new Leaf(name, field, Codec.of(field.kind, time)), field);
        }

        /** Each field under its own canonical name. */
        Builder same(JobField... fields) {
            Arrays.stream(fields).forEach(field -> field(field.name(), field));
            return this;
        }

        Builder same(List<JobField> fields) {
            return same(fields.toArray(JobField[]::new));
        }

        /** The eight row counters, in core's order, each named by {@code name}. */
        Builder counters(Function<Counter, String> name) {
            for (Counter counter : Counter.values()) {
                field(name.apply(counter), JobField.counter(counter));
            }
            return this;
        }

        /** The job's line errors under {@code name}, as {@code lines} says. */
        Builder lines(String name, Codec.Lines lines) {
            return add(new Leaf(name, JobField.ERROR_REPORT, lines), JobField.ERROR_REPORT);
        }

        /** A nested object whose members {@code members} adds. */
        Builder group(String name, Consumer<Builder> members) {
            Builder nested = new Builder(noun, time, echoes, prefix + name + ".", renames);
            members.accept(nested);
            List<String> groups = nested.nodes.stream()
                    .map(node -> node instanceof Leaf leaf ? leaf.field.group() : null).distinct().toList();
            String canonical = groups.size() == 1 ? groups.get(0) : null;
            nodes.add(new Group(name, canonical, List.copyOf(nested.nodes)));
            return this;
        }

        /** Names a canonical path that is no job field (a parameter) the style's way. */
        Builder rename(String canonicalPath, String styled) {
            renames.put(canonicalPath, styled);
            return this;
        }

        JobView build() {
            return new JobView(noun, List.copyOf(nodes), echoes, Map.copyOf(renames));
        }

        /**
         * Adds the node and records its style path for renaming; a field shown in several places (style B's
         * three line lists) is named by the object holding them all.
         */
        private Builder add(Leaf leaf, JobField field) {
            nodes.add(leaf);
            String path = prefix + leaf.name;
            renames.merge(field.path, path, Builder::commonParent);
            return this;
        }

        private static String commonParent(String a, String b) {
            String[] x = a.split("\\.");
            String[] y = b.split("\\.");
            int common = 0;
            while (common < Math.min(x.length, y.length) && x[common].equals(y[common])) {
                common++;
            }
            return String.join(".", Arrays.asList(x).subList(0, common));
        }
    }
}
