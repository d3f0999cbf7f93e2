package io.openconnectors.camel.poll;

import java.util.List;

import io.openconnectors.camel.SettingProblem;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * What an {@code openconnectors:poll} consumer asks the vendor and how it reads the answer: one resource of an
 * instance's {@code event.poller.configuration}.
 */
@UriParams
public class PollConfiguration {

    @UriParam(label = "consumer,poll")
    private String url;
    @UriParam(label = "consumer,poll")
    private String baseUrl;
    @UriParam(label = "consumer,poll", defaultValue = "id")
    private String idField = "id";
    @UriParam(label = "consumer,poll")
    private String recordsField;

    @UriParam(label = "consumer,poll")
    private String updatedDateField;
    @UriParam(label = "consumer,poll", defaultValue = "iso8601")
    private String updatedDateFormat;
    @UriParam(label = "consumer,poll", defaultValue = "GMT")
    private String updatedDateTimezone;
    @UriParam(label = "consumer,poll")
    private String createdDateField;
    @UriParam(label = "consumer,poll", defaultValue = "iso8601")
    private String createdDateFormat;
    @UriParam(label = "consumer,poll", defaultValue = "GMT")
    private String createdDateTimezone;
    @UriParam(label = "consumer,poll", defaultValue = "0")
    private int createdCheckTolerance;

    @UriParam(label = "consumer,poll", defaultValue = "true")
    private boolean filterByUpdatedDate = true;
    @UriParam(label = "consumer,poll", defaultValue = "false")
    private boolean filterByCurrentDate;
    @UriParam(label = "consumer,poll", defaultValue = "0")
    private int pollDelay;
    @UriParam(label = "consumer,poll", defaultValue = "5")
    private int windowOverlap = 5;
    @UriParam(label = "consumer,poll")
    private String backfillFrom;

    @UriParam(label = "consumer,poll", defaultValue = "token")
    private PagingMode paging = PagingMode.token;
    @UriParam(label = "consumer,poll", defaultValue = "0")
    private int pageSize;
    @UriParam(label = "consumer,poll", defaultValue = "pageSize")
    private String pageSizeParam = "pageSize";
    @UriParam(label = "consumer,poll", defaultValue = "nextPage")
    private String nextPageParam = "nextPage";
    @UriParam(label = "consumer,poll", defaultValue = "Elements-Next-Page-Token")
    private String nextPageTokenHeader = "Elements-Next-Page-Token";
    @UriParam(label = "consumer,poll")
    private String nextPageTokenField;
    @UriParam(label = "consumer,poll", defaultValue = "offset")
    private String offsetParam = "offset";
    @UriParam(label = "consumer,poll", defaultValue = "limit")
    private String limitParam = "limit";
    @UriParam(label = "consumer,poll", defaultValue = "1000")
    private int maxPages = 1000;

    @UriParam(label = "consumer,poll")
    private String username;
    @UriParam(label = "consumer,poll", secret = true)
    private String password;
    @UriParam(label = "consumer,poll", secret = true)
    private String accessToken;
    @UriParam(label = "consumer,poll", secret = true)
    private String apiKey;
    @UriParam(label = "consumer,poll", defaultValue = "X-API-Key")
    private String apiKeyHeader = "X-API-Key";

    public String getUrl() {
        return url;
    }

    /**
     * Required for poll. The vendor URL that lists changed records, absolute or relative to baseUrl. It may hold date
     * macros that stand for the start of the poll window: ${gmtDate:FMT}, ${date:FMT}, ${dateTimeZone:ZONE:FMT},
     * ${date}, ${epoch}, ${epoch:ms}, ${epoch:s}, ${epoch:us}, ${milliseconds}. Write it inside RAW(...) in an
     * endpoint URI.
     */
    public void setUrl(String url) {
        this.url = url;
    }

    public String getBaseUrl() {
        return baseUrl;
    }

    /**
     * What a relative url is resolved against, e.g. https://api.example.com (the instance's base.url).
     */
    public void setBaseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    public String getIdField() {
        return idField;
    }

    /**
     * Dotted path of the record's id (e.g. id or user.id); it becomes the event's objectId.
     */
    public void setIdField(String idField) {
        this.idField = idField;
    }

    public String getRecordsField() {
        return recordsField;
    }

    /**
     * Dotted path of the array of records in the response body (e.g. results or data.items). When unset, the body
     * itself must be the array.
     */
    public void setRecordsField(String recordsField) {
        this.recordsField = recordsField;
    }

    public String getUpdatedDateField() {
        return updatedDateField;
    }

    /**
     * Dotted path of the record's last-updated date (e.g. _info.lastUpdated). Required unless filterByUpdatedDate is
     * false.
     */
    public void setUpdatedDateField(String updatedDateField) {
        this.updatedDateField = updatedDateField;
    }

    public String getUpdatedDateFormat() {
        return updatedDateFormat;
    }

    /**
     * How the updated date is written: a Java date pattern (SimpleDateFormat letters, e.g.
     * yyyy-MM-dd'T'HH:mm:ss'Z'), milliseconds (epoch millis), seconds (epoch seconds) or iso8601 (with Z or an offset).
     */
    public void setUpdatedDateFormat(String updatedDateFormat) {
        this.updatedDateFormat = updatedDateFormat;
    }

    public String getUpdatedDateTimezone() {
        return updatedDateTimezone;
    }

    /**
     * The zone a pattern or a local ISO date-time of the updated date is read in (e.g. GMT, America/New_York, +02:00).
     */
    public void setUpdatedDateTimezone(String updatedDateTimezone) {
        this.updatedDateTimezone = updatedDateTimezone;
    }

    public String getCreatedDateField() {
        return createdDateField;
    }

    /**
     * Dotted path of the record's created date. With it, a record whose created and updated dates are equal (within
     * createdCheckTolerance) is CREATED and one created earlier is UPDATED; without it every change is UPDATED.
     */
    public void setCreatedDateField(String createdDateField) {
        this.createdDateField = createdDateField;
    }

    public String getCreatedDateFormat() {
        return createdDateFormat;
    }

    /**
     * How the created date is written; the same choices as updatedDateFormat.
     */
    public void setCreatedDateFormat(String createdDateFormat) {
        this.createdDateFormat = createdDateFormat;
    }

    public String getCreatedDateTimezone() {
        return createdDateTimezone;
    }

    /**
     * The zone a pattern or a local ISO date-time of the created date is read in.
     */
    public void setCreatedDateTimezone(String createdDateTimezone) {
        this.createdDateTimezone = createdDateTimezone;
    }

    public int getCreatedCheckTolerance() {
        return createdCheckTolerance;
    }

    /**
     * Seconds of slack when comparing the created and updated dates: vendors often stamp a new record's two dates a
     * moment apart.
     */
    public void setCreatedCheckTolerance(int createdCheckTolerance) {
        this.createdCheckTolerance = createdCheckTolerance;
    }

    public boolean isFilterByUpdatedDate() {
        return filterByUpdatedDate;
    }

    /**
     * Whether a record is a change when its updated date falls in the window. When false, its created date is compared
     * instead and only new records are events (CREATED).
     */
    public void setFilterByUpdatedDate(boolean filterByUpdatedDate) {
        this.filterByUpdatedDate = filterByUpdatedDate;
    }

    public boolean isFilterByCurrentDate() {
        return filterByCurrentDate;
    }

    /**
     * Whether to also bound the window above, at the vendor's time when the poll started (its Date header; this
     * machine's without one): records stamped later are left for the next poll.
     */
    public void setFilterByCurrentDate(boolean filterByCurrentDate) {
        this.filterByCurrentDate = filterByCurrentDate;
    }

    public int getPollDelay() {
        return pollDelay;
    }

    /**
     * Seconds subtracted from the window start besides windowOverlap, for vendors whose search index lags behind their
     * writes (as in Open Connectors; windowOverlap does the same and also drops what was emitted).
     */
    public void setPollDelay(int pollDelay) {
        this.pollDelay = pollDelay;
    }

    public int getWindowOverlap() {
        return windowOverlap;
    }

    /**
     * Seconds before the cursor that every poll reads again: changes stamped in the same second as the last one read,
     * and changes that become visible late with their original date (search indexes, read replicas, long
     * transactions). Size it to the longest such delay. What was already emitted is recognised (by resource, id, change
     * time and a fingerprint of the record) and dropped, however long the overlap: 8 bytes a change.
     */
    public void setWindowOverlap(int windowOverlap) {
        this.windowOverlap = windowOverlap;
    }

    public String getBackfillFrom() {
        return backfillFrom;
    }

    /**
     * Where the very first window starts (ISO-8601, e.g. 2026-01-01T00:00:00Z), to replay records changed before the
     * consumer first started. By default the first window starts at the first start: existing records are not
     * replayed. Ignored once a window has been saved.
     */
    public void setBackfillFrom(String backfillFrom) {
        this.backfillFrom = backfillFrom;
    }

    public PagingMode getPaging() {
        return paging;
    }

    /**
     * How the vendor pages: token (a next-page token in nextPageTokenHeader or nextPageTokenField, sent back in
     * nextPageParam), offset (offsetParam and limitParam), link (Link rel=next header) or none.
     */
    public void setPaging(PagingMode paging) {
        this.paging = paging;
    }

    public int getPageSize() {
        return pageSize;
    }

    /**
     * Records per page, sent in pageSizeParam (or limitParam for offset paging). A page shorter than this ends the
     * poll. 0 sends no page size (offset paging needs one).
     */
    public void setPageSize(int pageSize) {
        this.pageSize = pageSize;
    }

    public String getPageSizeParam() {
        return pageSizeParam;
    }

    /**
     * The query parameter that carries pageSize for token paging.
     */
    public void setPageSizeParam(String pageSizeParam) {
        this.pageSizeParam = pageSizeParam;
    }

    public String getNextPageParam() {
        return nextPageParam;
    }

    /**
     * The query parameter that sends the next-page token back.
     */
    public void setNextPageParam(String nextPageParam) {
        this.nextPageParam = nextPageParam;
    }

    public String getNextPageTokenHeader() {
        return nextPageTokenHeader;
    }

    /**
     * The response header that holds the next-page token. Used when nextPageTokenField is not set.
     */
    public void setNextPageTokenHeader(String nextPageTokenHeader) {
        this.nextPageTokenHeader = nextPageTokenHeader;
    }

    public String getNextPageTokenField() {
        return nextPageTokenField;
    }

    /**
     * Dotted path of the next-page token in the response body (e.g. paging.next.after), for vendors that put it
     * there.
     */
    public void setNextPageTokenField(String nextPageTokenField) {
        this.nextPageTokenField = nextPageTokenField;
    }

    public String getOffsetParam() {
        return offsetParam;
    }

    /**
     * The query parameter that carries the offset for offset paging.
     */
    public void setOffsetParam(String offsetParam) {
        this.offsetParam = offsetParam;
    }

    public String getLimitParam() {
        return limitParam;
    }

    /**
     * The query parameter that carries pageSize for offset paging.
     */
    public void setLimitParam(String limitParam) {
        this.limitParam = limitParam;
    }

    public int getMaxPages() {
        return maxPages;
    }

    /**
     * The most pages one poll reads. A poll that stops there delivers what it read, and the next poll reads on from
     * the next page, until the pages run out: a burst of any size drains, maxPages x pageSize changes a poll.
     */
    public void setMaxPages(int maxPages) {
        this.maxPages = maxPages;
    }

    public String getUsername() {
        return username;
    }

    /**
     * User name for HTTP Basic authentication to the vendor.
     */
    public void setUsername(String username) {
        this.username = username;
    }

    public String getPassword() {
        return password;
    }

    /**
     * Password for HTTP Basic authentication to the vendor.
     */
    public void setPassword(String password) {
        this.password = password;
    }

    public String getAccessToken() {
        return accessToken;
    }

    /**
     * A token sent to the vendor as Authorization: Bearer.
     */
    public void setAccessToken(String accessToken) {
        this.accessToken = accessToken;
    }

    public String getApiKey() {
        return apiKey;
    }

    /**
     * An API key sent to the vendor in the apiKeyHeader header.
     */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    public String getApiKeyHeader() {
        return apiKeyHeader;
    }

    /**
     * The header that carries apiKey.
     */
    public void setApiKeyHeader(String apiKeyHeader) {
        this.apiKeyHeader = apiKeyHeader;
    }

    /** Every problem of this configuration, each under its option name; empty when it can work. */
    public List<SettingProblem> problems() {
        return PollSettings.problems(this);
    }
}
