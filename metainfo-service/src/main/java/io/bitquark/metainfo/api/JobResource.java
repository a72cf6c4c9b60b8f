package io.bitquark.metainfo.api;

import io.bitquark.metainfo.jobs.Job;
import io.bitquark.metainfo.jobs.JobService;
import io.bitquark.metainfo.jobs.JobView;
import io.bitquark.rest.AdminAuthorization;
import io.bitquark.rest.ApiProblem;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * Creation jobs: what {@code POST /api/torrents} and uploads answer with 202. See {@link JobService} for
 * their life cycle.
 */
@Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "jobs", description = "Follow and cancel torrent creations running in the background")
public class JobResource {

    private final JobService jobs;
    private final AdminAuthorization authorization;

    public JobResource(JobService jobs, AdminAuthorization authorization) {
        this.jobs = jobs;
        this.authorization = authorization;
    }

    /** The 202 answer of a creation that became a job: {@code Location: /api/jobs/{id}} and the job. */
    public static Response accepted(Job job, boolean preferenceApplied) {
        Response.ResponseBuilder r = Response.accepted(job.view()).location(URI.create("/api/jobs/" + job.id()));
        if (preferenceApplied) {
            r.header("Preference-Applied", "respond-async");
        }
        return r.build();
    }

    @GET
    @Path("{id}")
    @Operation(
            summary = "A job's state and progress",
            description = "Once done it carries the torrent as 'result'; once failed, the problem as 'error'.")
    public JobView get(@PathParam("id") String id) {
        return find(id).view();
    }

    @DELETE
    @Path("{id}")
    @Operation(
            summary = "Cancel a job",
            description = "204 once cancelled; 409 when it had already finished; 202 when it is still stopping.")
    public Response cancel(@PathParam("id") String id, @HeaderParam(HttpHeaders.AUTHORIZATION) String auth) {
        authorization.require(auth);
        Job job = find(id);
        switch (jobs.cancel(job)) {
            case CANCELLED:
                return Response.noContent().build();
            case STOPPING:
                return Response.accepted(job.view()).build();
            default:
                throw new ApiProblem(
                        409,
                        "Job already finished",
                        "job " + job.id() + " is already " + job.view().state());
        }
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "A job's progress as server-sent events",
            description =
                    "'progress' events carry the job, at most every 200 ms; a final 'done', 'failed' or 'cancelled' event ends the stream.")
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        Job job = find(id);
        return jobs.events(job).map(e -> sse.newEventBuilder()
                .name(e.name())
                .data(JobView.class, e.job())
                .build());
    }

    private Job find(String id) {
        return jobs.find(id)
                .orElseThrow(
                        () -> ApiProblem.notFound("no job " + id + " (finished jobs are forgotten after a while)"));
    }
}
