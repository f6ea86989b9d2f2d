//! Security groups, the load balancer, its target group (the health
//! answers) and listeners: HTTPS with a redirect from HTTP.

use super::hcl::{Block, Item, Value, int, raw, resource, s};
use crate::platforms::aws::stack::Stack;

fn rule(kind: &str, name: &str, group: &str, description: &str, port: &str) -> Block {
    resource(kind, name)
        .attr("security_group_id", raw(group))
        .attr("description", s(description))
        .attr("ip_protocol", s("tcp"))
        .attr("from_port", raw(port))
        .attr("to_port", raw(port))
}

fn group(name: &str, description: &str) -> Block {
    resource("aws_security_group", name)
        .attr("name", raw(format!("\"${{local.app}}-{name}\"")))
        .attr("description", s(description))
        .attr("vpc_id", raw("var.vpc_id"))
}

pub(super) fn items(stack: &Stack) -> Vec<Item> {
    let h = &stack.health;
    // The load balancer's timeout must be shorter than its interval.
    let interval = h.interval.clamp(5, 300);
    let timeout = h.timeout.clamp(2, 120).min(interval - 1);
    let mut out = vec![
        Item::Block(group(
            "alb",
            "The load balancer: HTTPS from anywhere, to the service only.",
        )),
        Item::Block(group(
            "service",
            "The tasks: the app port from the load balancer only.",
        )),
        Item::Block(
            rule(
                "aws_vpc_security_group_ingress_rule",
                "alb_https",
                "aws_security_group.alb.id",
                "HTTPS from anywhere",
                "443",
            )
            .attr("cidr_ipv4", s("0.0.0.0/0")),
        ),
        Item::Block(
            rule(
                "aws_vpc_security_group_ingress_rule",
                "alb_http",
                "aws_security_group.alb.id",
                "HTTP from anywhere, only to be redirected to HTTPS",
                "80",
            )
            .comment("checkov:skip=CKV_AWS_260:Port 80 only answers with a redirect to HTTPS.")
            .attr("cidr_ipv4", s("0.0.0.0/0")),
        ),
        Item::Block(
            rule(
                "aws_vpc_security_group_egress_rule",
                "alb_to_service",
                "aws_security_group.alb.id",
                "To the tasks' app port",
                "local.port",
            )
            .attr(
                "referenced_security_group_id",
                raw("aws_security_group.service.id"),
            ),
        ),
        Item::Block(
            rule(
                "aws_vpc_security_group_ingress_rule",
                "service_from_alb",
                "aws_security_group.service.id",
                "The app port from the load balancer",
                "local.port",
            )
            .attr("referenced_security_group_id", raw("aws_security_group.alb.id")),
        ),
        Item::Block(
            rule(
                "aws_vpc_security_group_egress_rule",
                "service_https",
                "aws_security_group.service.id",
                "HTTPS out: ECR, Secrets Manager, CloudWatch Logs and the app's own APIs",
                "443",
            )
            .attr("cidr_ipv4", s("0.0.0.0/0")),
        ),
    ];
    out.push(Item::Block(
        resource("aws_lb", "app")
            .comment("checkov:skip=CKV_AWS_91:Access logs need an S3 bucket with a policy for the ELB account of the region; add one and an access_logs block.")
            .comment("checkov:skip=CKV2_AWS_28:A WAF web ACL is chosen per organisation; associate one with aws_wafv2_web_acl_association.")
            .attr("name", raw("local.app"))
            .attr("load_balancer_type", s("application"))
            .attr("internal", Value::Bool(false))
            .attr("security_groups", Value::List(vec![raw("aws_security_group.alb.id")]))
            .attr("subnets", raw("var.public_subnet_ids"))
            .attr("drop_invalid_header_fields", Value::Bool(true))
            .attr("enable_deletion_protection", Value::Bool(true)),
    ));
    out.push(Item::Block(target_group(
        "app",
        "local.app",
        None,
        &h.path,
        interval,
        timeout,
    )));
    if stack.rollout.shifts_traffic() {
        out.push(Item::Block(target_group(
            "alternate",
            "\"${local.app}-alt\"",
            Some("A deploy registers the new revision's tasks in whichever group has no traffic."),
            &h.path,
            interval,
            timeout,
        )));
    }
    let forward = Block::new("default_action", &[])
        .attr("type", s("forward"))
        .attr("target_group_arn", raw("aws_lb_target_group.app.arn"));
    let listener = resource("aws_lb_listener", "app").attr("load_balancer_arn", raw("aws_lb.app.arn"));
    if stack.https {
        out.push(Item::Block(
            listener
                .attr("port", int(443))
                .attr("protocol", s("HTTPS"))
                .attr("ssl_policy", s("ELBSecurityPolicy-TLS13-1-2-2021-06"))
                .attr("certificate_arn", raw("var.certificate_arn"))
                .blank()
                .block(forward),
        ));
        out.push(Item::Block(
            resource("aws_lb_listener", "redirect")
                .attr("load_balancer_arn", raw("aws_lb.app.arn"))
                .attr("port", int(80))
                .attr("protocol", s("HTTP"))
                .blank()
                .block(
                    Block::new("default_action", &[])
                        .attr("type", s("redirect"))
                        .blank()
                        .block(
                            Block::new("redirect", &[])
                                .attr("port", s("443"))
                                .attr("protocol", s("HTTPS"))
                                .attr("status_code", s("HTTP_301")),
                        ),
                ),
        ));
    } else {
        out.push(Item::Block(
            listener
                .comment("checkov:skip=CKV_AWS_2:The encryption answer says no TLS in transit.")
                .comment("checkov:skip=CKV_AWS_103:The encryption answer says no TLS in transit.")
                .comment("checkov:skip=CKV2_AWS_20:The encryption answer says no TLS in transit.")
                .attr("port", int(80))
                .attr("protocol", s("HTTP"))
                .blank()
                .block(forward),
        ));
    }
    if stack.rollout.shifts_traffic() {
        out.push(Item::Block(production_rule()));
    }
    if stack.database.is_some() {
        out.push(Item::Block(
            rule(
                "aws_vpc_security_group_egress_rule",
                "service_to_database",
                "aws_security_group.service.id",
                "To the database",
                "5432",
            )
            .attr(
                "referenced_security_group_id",
                raw("aws_security_group.database.id"),
            ),
        ));
    }
    out
}

/// A target group of the app's tasks, checked with the health answers.
fn target_group(id: &str, name: &str, note: Option<&str>, path: &str, interval: u32, timeout: u32) -> Block {
    let mut group = resource("aws_lb_target_group", id);
    if let Some(note) = note {
        group = group.comment(note);
    }
    group
        .comment("checkov:skip=CKV_AWS_378:TLS ends at the load balancer; the tasks are reached inside the VPC only.")
        .attr("name", raw(name))
        .attr("port", raw("local.port"))
        .attr("protocol", s("HTTP"))
        .attr("target_type", s("ip"))
        .attr("vpc_id", raw("var.vpc_id"))
        .attr("deregistration_delay", int(30))
        .blank()
        .block(
            Block::new("health_check", &[])
                .attr("path", s(path))
                .attr("matcher", s("200"))
                .attr("interval", int(interval))
                .attr("timeout", int(timeout))
                .attr("healthy_threshold", int(2))
                .attr("unhealthy_threshold", int(3)),
        )
}

/// The rule whose forward weights ECS turns from one target group to the
/// other during a blue/green or canary deploy. It matches every request,
/// so the listener's default action is never reached.
fn production_rule() -> Block {
    let group = |arn: &str, weight: u32| {
        Block::new("target_group", &[])
            .attr("arn", raw(arn))
            .attr("weight", int(weight))
    };
    resource("aws_lb_listener_rule", "production")
        .attr("listener_arn", raw("aws_lb_listener.app.arn"))
        .attr("priority", int(1))
        .blank()
        .block(
            Block::new("action", &[])
                .attr("type", s("forward"))
                .blank()
                .block(
                    Block::new("forward", &[])
                        .block(group("aws_lb_target_group.app.arn", 100))
                        .blank()
                        .block(group("aws_lb_target_group.alternate.arn", 0)),
                ),
        )
        .blank()
        .block(
            Block::new("condition", &[])
                .block(Block::new("path_pattern", &[]).attr("values", Value::List(vec![s("/*")]))),
        )
        .blank()
        .comment("ECS owns the weights once it has deployed: Terraform leaves them as they are.")
        .block(Block::new("lifecycle", &[]).attr("ignore_changes", Value::List(vec![raw("action")])))
}
