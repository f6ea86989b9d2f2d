//! Security groups, the load balancer, its target group (the health
//! answers) and listeners: HTTPS with a redirect from HTTP.

use serde_json::{Map, Value, json};

use super::{app, app_with, reference, skip, with_skips};
use crate::platforms::aws::stack::Stack;

fn rule(kind: &str, group: &str, description: &str, port: Value, peer: (&str, Value)) -> Value {
    let mut properties = json!({
        "GroupId": reference(group),
        "Description": description,
        "IpProtocol": "tcp",
        "FromPort": port,
        "ToPort": port,
    });
    properties[peer.0] = peer.1;
    json!({"Type": kind, "Properties": properties})
}

const INGRESS: &str = "AWS::EC2::SecurityGroupIngress";
const EGRESS: &str = "AWS::EC2::SecurityGroupEgress";

pub(super) fn add(stack: &Stack, r: &mut Map<String, Value>) {
    let h = &stack.health;
    let interval = h.interval.clamp(5, 300);
    let timeout = h.timeout.clamp(2, 120).min(interval - 1);
    let port = json!(stack.port);
    // Groups without inline rules: the rules below reference each other.
    for (id, suffix, description) in [
        (
            "LoadBalancerSecurityGroup",
            "-alb",
            "The load balancer: HTTPS from anywhere, to the service only.",
        ),
        (
            "ServiceSecurityGroup",
            "-service",
            "The tasks: the app port from the load balancer only.",
        ),
    ] {
        r.insert(
            id.into(),
            json!({"Type": "AWS::EC2::SecurityGroup", "Properties": {
                "GroupName": app_with(suffix),
                "GroupDescription": description,
                "VpcId": reference("VpcId"),
                // No rule here: an empty list would allow all egress by default.
                "SecurityGroupEgress": [{"CidrIp": "127.0.0.1/32", "IpProtocol": "-1", "Description": "No traffic: the rules below allow what is needed"}],
            }}),
        );
    }
    r.insert(
        "LoadBalancerHttpsIn".into(),
        rule(
            INGRESS,
            "LoadBalancerSecurityGroup",
            "HTTPS from anywhere",
            json!(443),
            ("CidrIp", json!("0.0.0.0/0")),
        ),
    );
    if stack.https {
        r.insert(
            "LoadBalancerHttpIn".into(),
            with_skips(
                rule(
                    INGRESS,
                    "LoadBalancerSecurityGroup",
                    "HTTP from anywhere, only to be redirected to HTTPS",
                    json!(80),
                    ("CidrIp", json!("0.0.0.0/0")),
                ),
                vec![skip(
                    "CKV_AWS_260",
                    "Port 80 only answers with a redirect to HTTPS.",
                )],
            ),
        );
    } else {
        r.insert(
            "LoadBalancerHttpIn".into(),
            rule(
                INGRESS,
                "LoadBalancerSecurityGroup",
                "HTTP from anywhere",
                json!(80),
                ("CidrIp", json!("0.0.0.0/0")),
            ),
        );
    }
    r.insert(
        "LoadBalancerToService".into(),
        rule(
            EGRESS,
            "LoadBalancerSecurityGroup",
            "To the tasks' app port",
            port.clone(),
            ("DestinationSecurityGroupId", reference("ServiceSecurityGroup")),
        ),
    );
    r.insert(
        "ServiceFromLoadBalancer".into(),
        rule(
            INGRESS,
            "ServiceSecurityGroup",
            "The app port from the load balancer",
            port,
            ("SourceSecurityGroupId", reference("LoadBalancerSecurityGroup")),
        ),
    );
    r.insert(
        "ServiceHttpsOut".into(),
        rule(
            EGRESS,
            "ServiceSecurityGroup",
            "HTTPS out: ECR, Secrets Manager, CloudWatch Logs and the app's own APIs",
            json!(443),
            ("CidrIp", json!("0.0.0.0/0")),
        ),
    );
    r.insert(
        "LoadBalancer".into(),
        with_skips(
            json!({"Type": "AWS::ElasticLoadBalancingV2::LoadBalancer", "Properties": {
                "Name": app(),
                "Type": "application",
                "Scheme": "internet-facing",
                "SecurityGroups": [reference("LoadBalancerSecurityGroup")],
                "Subnets": reference("PublicSubnetIds"),
                "LoadBalancerAttributes": [
                    {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"},
                    {"Key": "deletion_protection.enabled", "Value": "true"},
                ],
            }}),
            vec![skip(
                "CKV_AWS_91",
                "Access logs need an S3 bucket with a policy for the ELB account of the region; add one and the access_logs attributes.",
            )],
        ),
    );
    let group = |name: Value| {
        json!({"Type": "AWS::ElasticLoadBalancingV2::TargetGroup", "Properties": {
            "Name": name,
            "Port": stack.port,
            "Protocol": "HTTP",
            "TargetType": "ip",
            "VpcId": reference("VpcId"),
            "HealthCheckPath": h.path,
            "HealthCheckIntervalSeconds": interval,
            "HealthCheckTimeoutSeconds": timeout,
            "HealthyThresholdCount": 2,
            "UnhealthyThresholdCount": 3,
            "Matcher": {"HttpCode": "200"},
            "TargetGroupAttributes": [{"Key": "deregistration_delay.timeout_seconds", "Value": "30"}],
        }})
    };
    r.insert("TargetGroup".into(), group(app()));
    if stack.rollout.shifts_traffic() {
        // A deploy registers the new revision's tasks in whichever group
        // has no traffic.
        r.insert("AlternateTargetGroup".into(), group(app_with("-alt")));
    }
    let forward = json!([{"Type": "forward", "TargetGroupArn": reference("TargetGroup")}]);
    if stack.https {
        r.insert(
            "Listener".into(),
            json!({"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                "LoadBalancerArn": reference("LoadBalancer"),
                "Port": 443,
                "Protocol": "HTTPS",
                "SslPolicy": "ELBSecurityPolicy-TLS13-1-2-2021-06",
                "Certificates": [{"CertificateArn": reference("CertificateArn")}],
                "DefaultActions": forward,
            }}),
        );
        r.insert(
            "RedirectListener".into(),
            json!({"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                "LoadBalancerArn": reference("LoadBalancer"),
                "Port": 80,
                "Protocol": "HTTP",
                "DefaultActions": [{"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}],
            }}),
        );
    } else {
        r.insert(
            "Listener".into(),
            with_skips(
                json!({"Type": "AWS::ElasticLoadBalancingV2::Listener", "Properties": {
                    "LoadBalancerArn": reference("LoadBalancer"),
                    "Port": 80,
                    "Protocol": "HTTP",
                    "DefaultActions": forward,
                }}),
                vec![skip("CKV_AWS_2", "The encryption answer says no TLS in transit.")],
            ),
        );
    }
    if stack.rollout.shifts_traffic() {
        // ECS turns this rule's weights from one group to the other during
        // a deploy; it matches every request, so the listener's default
        // action is never reached.
        r.insert(
            "ProductionListenerRule".into(),
            json!({"Type": "AWS::ElasticLoadBalancingV2::ListenerRule", "Properties": {
                "ListenerArn": reference("Listener"),
                "Priority": 1,
                "Conditions": [{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/*"]}}],
                "Actions": [{"Type": "forward", "ForwardConfig": {"TargetGroups": [
                    {"TargetGroupArn": reference("TargetGroup"), "Weight": 100},
                    {"TargetGroupArn": reference("AlternateTargetGroup"), "Weight": 0},
                ]}}],
            }}),
        );
    }
    if stack.database.is_some() {
        r.insert(
            "ServiceToDatabase".into(),
            rule(
                EGRESS,
                "ServiceSecurityGroup",
                "To the database",
                json!(5432),
                ("DestinationSecurityGroupId", reference("DatabaseSecurityGroup")),
            ),
        );
    }
}
