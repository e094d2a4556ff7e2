-- wrk script for complaint-benchmark.sh: POSTs valid JSON complaints to /api/v1/complaints.
--
--   wrk -t2 -c32 -d10s --latency -s complaint_post.lua http://127.0.0.1:PORT/api/v1/complaints
--
-- Every request carries a different work title (thread number and a per-thread counter), so
-- every complaint is a distinct row with its own duplicate-detection fingerprint. Responses are
-- counted by status; the reference of every 201 (the receipt's "reference") is kept so that the
-- benchmark can check each acknowledged complaint is in the database.
--
-- Environment: REFS_FILE (write the references of the 201s there, one a line), RUN_TAG (a word
-- put in every title, so runs never repeat a title).
--
-- After the run it prints, after wrk's own summary:
--   complaint statuses: 201=N other=M [STATUS=COUNT ...]
--   complaint references written: N to FILE

local threads = {}
local counter = 0

function setup(thread)
    thread:set("thread_number", #threads + 1)
    table.insert(threads, thread)
end

function init(args)
    statuses = {}
    references = {}
    tag = os.getenv("RUN_TAG") or "run"
    -- Everything but the title is the same in every request.
    prefix = '{"complainant":{"role":"rightsholder","name":"Benchmark Complainant","email":"bench@example.com","country":"FR"},'
        .. '"works":[{"title":"Benchmark work '
    suffix = '","type":"text","identifier":"ISBN 978-3-16-148410-0","location":"https://example.com/works/benchmark",'
        .. '"rights_reservation":"robots_txt"}],'
        .. '"category":"robots_txt_ignored","model":"example-model-1",'
        .. '"description":"The crawler ExampleBot fetched the full text of this work although robots.txt disallowed it; '
        .. 'the work then appeared verbatim in the model output.",'
        .. '"evidence_urls":["https://example.com/evidence/robots.txt"],'
        .. '"declarations":{"good_faith":true,"accurate_and_complete":true}}'
    headers = { ["Content-Type"] = "application/json" }
end

function request()
    counter = counter + 1
    local body = prefix .. tag .. " t" .. thread_number .. " #" .. counter .. suffix
    return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 201 then
        local reference = body and string.match(body, '"reference"%s*:%s*"([^"]+)"')
        if reference then references[#references + 1] = reference end
    end
end

function done(summary, latency, requests)
    local created, other = 0, 0
    local breakdown = {}
    local file
    local path = os.getenv("REFS_FILE")
    if path and path ~= "" then file = assert(io.open(path, "w")) end
    local written = 0
    for _, thread in ipairs(threads) do
        local s = thread:get("statuses") or {}
        for status, count in pairs(s) do
            if status == 201 then created = created + count else other = other + count end
            breakdown[status] = (breakdown[status] or 0) + count
        end
        if file then
            for _, reference in ipairs(thread:get("references") or {}) do
                file:write(reference, "\n")
                written = written + 1
            end
        end
    end
    local parts = {}
    for status, count in pairs(breakdown) do
        if status ~= 201 then parts[#parts + 1] = status .. "=" .. count end
    end
    table.sort(parts)
    io.write(string.format("complaint statuses: 201=%d other=%d %s\n", created, other, table.concat(parts, " ")))
    if file then
        file:close()
        io.write(string.format("complaint references written: %d to %s\n", written, path))
    end
end
