// Verdict words and exit statuses as `ledger verify` gives them (docs/PROOFS.md, README "Verifying"): 0 authentic
// and active, 1 not authentic, 3 revoked or expired, 4 suspended, 5 status older than the allowed age.

const EXIT_STATUS = { authentic: 0, "not-authentic": 1, revoked: 3, expired: 3, suspended: 4, "status-too-old": 5 };

export function verdictOf(standing) {
    return { verdict: standing.verdict, exitStatus: EXIT_STATUS[standing.verdict] };
}

/** --max-age syntax, a number and s, m, h or d, in milliseconds (BigInt). */
export function parseMaxAge(text) {
    const units = { s: 1000n, m: 60000n, h: 3600000n, d: 86400000n };
    const match = /^([0-9]+)([smhd])$/.exec(text);
    if (!match) throw new Error(`max age ${text} is not a duration such as 24h, 90m, 2d or 3600s`);
    return BigInt(match[1]) * units[match[2]];
}
