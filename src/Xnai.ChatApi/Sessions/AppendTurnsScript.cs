namespace Xnai.ChatApi.Sessions;

/// <summary>The Lua script that stores turns: idempotent by turn id, in order-key order, capped and TTL'd in one step.</summary>
internal static class AppendTurnsScript
{
    // KEYS[1] turn list, KEYS[2] set of written turn ids; ARGV[1] ttl seconds, ARGV[2] turns kept, then (id, order, json)
    // triples. One script: a session never holds more than the cap, nor a turn twice, not even between two commands.
    // A new turn goes after the newest stored turn whose order key is not greater than its own, found walking back from
    // the tail (usually one step: turns mostly arrive in order). Turns stored before order keys existed have none and
    // count as older than any keyed turn, so old conversations keep their order and stay readable as they are.
    // The list stays sorted, so trimming from the head still drops the oldest turns.
    public const string Text =
        """
        local function order_of(value)
          local ok, decoded = pcall(cjson.decode, value)
          if ok and type(decoded) == 'table' and type(decoded.order) == 'number' then
            return decoded.order
          end
          return nil
        end

        local written = 0
        for i = 3, #ARGV, 3 do
          if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
            local order = tonumber(ARGV[i + 1])
            local json = ARGV[i + 2]
            local index = -1
            local pivot = false
            while true do
              local value = redis.call('LINDEX', KEYS[1], index)
              if not value then
                break
              end
              local other = order_of(value)
              if other == nil or other <= order then
                pivot = value
                break
              end
              index = index - 1
            end
            if index == -1 then
              redis.call('RPUSH', KEYS[1], json)
            elseif not pivot then
              redis.call('LPUSH', KEYS[1], json)
            else
              redis.call('LINSERT', KEYS[1], 'AFTER', pivot, json)
            end
            written = written + 1
          end
        end

        local excess = redis.call('LLEN', KEYS[1]) - tonumber(ARGV[2])
        if excess > 0 then
          for _, turn in ipairs(redis.call('LRANGE', KEYS[1], 0, excess - 1)) do
            local ok, decoded = pcall(cjson.decode, turn)
            if ok and type(decoded) == 'table' and decoded.id then
              redis.call('SREM', KEYS[2], decoded.id)
            end
          end
          redis.call('LTRIM', KEYS[1], excess, -1)
        end
        redis.call('EXPIRE', KEYS[1], ARGV[1])
        redis.call('EXPIRE', KEYS[2], ARGV[1])
        return written
        """;
}
