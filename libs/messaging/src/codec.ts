const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const encodeJson = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));
export const decodeJson = <T>(data: Uint8Array): T => JSON.parse(decoder.decode(data)) as T;
export const encodeText = (text: string): Uint8Array => encoder.encode(text);
export const decodeText = (data: Uint8Array): string => decoder.decode(data);
