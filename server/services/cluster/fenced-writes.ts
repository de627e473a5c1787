/**
 * The check every call-record write makes on a node of several (docs/cluster.md): inside the write's own
 * transaction, the PBX's PbxLease row is read with a share lock and its token compared with this node's.
 * A newer token means another node took the lease: the write is refused (FencedOutError) and that node,
 * which kept the same records, writes them. A node taking the lease raises the token with an UPDATE,
 * which waits for writes under the old token to finish.
 */
import { FencedOutError } from '../calls/record-durability.ts'
import type { FenceTx } from '../calls/call-recorder.ts'

export function fenceCheck(tokenOf: (pbxId: string) => number | null) {
  return async (tx: FenceTx, pbxId: string): Promise<void> => {
    const mine = tokenOf(pbxId)
    if (mine === null) throw new FencedOutError(`this node does not hold ${pbxId}`)
    const rows = await tx.$queryRaw<Array<{ fence: number }>>`
      SELECT "fence" FROM "PbxLease" WHERE "pbxId" = ${pbxId} FOR SHARE`
    const current = rows[0]?.fence
    if (current !== mine)
      throw new FencedOutError(`lease token ${mine} of ${pbxId} superseded by ${String(current)}`)
  }
}
