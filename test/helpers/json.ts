/** A response body as JSON, typed loosely for assertions on raw HTTP answers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function readJson(response: Response): Promise<any> {
  return response.json();
}
