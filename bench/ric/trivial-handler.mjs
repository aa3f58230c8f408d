// The yardstick of bench/ric-init.ts: the least a handler can be, under the same runtime client.
export const handler = async () => ({ ok: true });
