-- The user of an event as a 128-bit SipHash, computed once at insert. uniqExact over String hashes every string
-- with SipHash128 at query time; over this column it reads the same 128-bit values ready-made, so the exact unique
-- user count has the same semantics and skips the hashing. 0 stands for "no user".
ALTER TABLE ${database}.events
    ADD COLUMN IF NOT EXISTS user_hash UInt128
    MATERIALIZED if(user_key = '', toUInt128(0), reinterpretAsUInt128(sipHash128(user_key)))
    AFTER user_key;
