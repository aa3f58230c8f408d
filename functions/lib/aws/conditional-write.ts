/**
 * A DynamoDB write whose condition may not hold: resolves undefined when DynamoDB refused the
 * condition (someone else's claim, lease or newer state), so the caller decides what that means;
 * any other failure passes through.
 */
export async function unlessConditionFails<T>(send: () => Promise<T>): Promise<T | undefined> {
  try {
    return await send();
  } catch (error) {
    if (error instanceof Error && error.name === 'ConditionalCheckFailedException') return undefined;
    throw error;
  }
}
