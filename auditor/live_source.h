// The live source: reads an AWS account's secret-storage metadata over
// HTTPS into the same Inventory the offline sources fill, using only the
// allowlisted operations of aws_client.h:
//
//   sts GetCallerIdentity                  the account id (once)
//   ec2 DescribeRegions                    --all-regions only
//   secretsmanager ListSecrets             paginated, 100 per page
//   secretsmanager GetResourcePolicy       per secret
//   ssm DescribeParameters                 paginated, 50 per page; a page
//                                          may be empty and still carry a
//                                          NextToken
//   ssm ListTagsForResource                per parameter
//   lambda ListFunctions                   paginated; environment values
//                                          are classified, never printed
//
// The per-resource calls run `concurrency` at a time. A failed call does not
// stop the audit: it becomes an UnreadableItem in the AuditRunInfo (what
// could not be read, where, and why) and the rest goes on. Only a failure
// that makes every call pointless — no usable credentials, an unreachable
// endpoint — is returned as an error.
//
// Resources come out with SourceFormat::kAwsApi and the location
// "aws/REGION/SERVICE" (line 0).
//
// Thread-safety: LoadLiveAccount may run concurrently with distinct
// outputs; `client` is shared safely.
#ifndef KEYLINT_AUDITOR_LIVE_SOURCE_H_
#define KEYLINT_AUDITOR_LIVE_SOURCE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "auditor/aws_client.h"
#include "auditor/resource.h"
#include "rules/report.h"
#include "rules/status.h"

namespace keylint {

struct LiveAuditOptions {
  std::vector<std::string> regions;  // at least one
  // DescribeRegions (in regions[0]) replaces `regions` with every region
  // enabled for the account.
  bool all_regions = false;
  int concurrency = 8;
  bool functions = true;  // Lambda ListFunctions
};

struct LiveAuditStats {
  uint64_t requests = 0;
  double seconds_waiting = 0;  // summed over concurrent requests
  // Wall time with at least one request outstanding (AwsClient::
  // seconds_outstanding): the part of wall_seconds spent waiting on AWS.
  double seconds_outstanding = 0;
  double wall_seconds = 0;
};

Status LoadLiveAccount(AwsClient* client, const LiveAuditOptions& options,
                       Inventory* inventory, AuditRunInfo* info,
                       LiveAuditStats* stats);

}  // namespace keylint

#endif  // KEYLINT_AUDITOR_LIVE_SOURCE_H_
