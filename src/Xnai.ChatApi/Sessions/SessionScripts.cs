namespace Xnai.ChatApi.Sessions;

/// <summary>The Lua scripts the session store runs in Redis.</summary>
internal static class SessionScripts
{
    /// <summary>Appends turns not written before and trims the session to its cap.</summary>
    // KEYS[1] turn list, KEYS[2] set of written turn ids; ARGV[1] ttl seconds, ARGV[2] turns kept, then (id, json) pairs.
    // Appending and trimming in one script: a session never holds more than the cap, not even between two commands.
    public const string Append =
        """
        local written = 0
        for i = 3, #ARGV, 2 do
          if redis.call('SADD', KEYS[2], ARGV[i]) == 1 then
            redis.call('RPUSH', KEYS[1], ARGV[i + 1])
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
